/** The side of a square map after a window (conv or pool), as TensorFlow computes it. */
function outputSize(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/**
 * Each layer of a network as memory sees it: the floats one image's output takes, and the layer's
 * weights (trainable or not, as `countParams` counts them). Computed from the architecture alone,
 * without building it in TensorFlow.js, so the API can estimate a run's memory in microseconds.
 * layer-footprints.test.ts holds these lists against the real models, layer by layer.
 */
export interface LayerFootprint {
  name: string;
  outputPerImage: number;
  /** The output's last dimension (feature maps are NHWC). */
  channels: number;
  params: number;
}

type Shape = { size: number; channels: number };

/** Appends layers while tracking the running feature-map shape (square maps, NHWC). */
export class Footprints {
  readonly layers: LayerFootprint[] = [];
  constructor(public shape: Shape) {
    this.push('input_1', 0);
  }
  private push(name: string, params: number): void {
    this.layers.push({ name, outputPerImage: this.shape.size ** 2 * this.shape.channels, channels: this.shape.channels, params });
  }
  /**
   * A convolution: 'same' (a stride of 2 halves the map, rounding up, as TensorFlow's 'same' does)
   * or 'valid' (after an explicit padding layer).
   */
  conv(name: string, { filters, kernel, stride = 1, bias, padding = 'same' }: { filters: number; kernel: number; stride?: number; bias: boolean; padding?: 'same' | 'valid' }): void {
    const params = kernel * kernel * this.shape.channels * filters + (bias ? filters : 0);
    this.shape = { size: outputSize(this.shape.size, kernel, stride, padding), channels: filters };
    this.push(name, params);
  }
  /** A ZeroPadding2D adding `total` pixels to each side's length (both ends together). */
  zeroPad(name: string, total: number): void {
    this.shape = { ...this.shape, size: this.shape.size + total };
    this.push(name, 0);
  }
  /** Keras's correct_pad then a 'valid' stride-2 3x3 depthwise conv: the same sizes as 'same'. */
  pad(name: string): void {
    this.shape = { ...this.shape, size: this.shape.size + (this.shape.size % 2) + 1 };
    this.push(name, 0);
  }
  /** A depthwise conv without bias; `padded`: 'valid' after a padding layer, else 'same'. */
  depthwise(name: string, stride: number, padded: boolean, kernel = 3): void {
    this.shape = { ...this.shape, size: outputSize(this.shape.size, kernel, stride, padded ? 'valid' : 'same') };
    this.push(name, kernel * kernel * this.shape.channels);
  }
  /** Batch norm keeps gamma, beta and the moving mean and variance per channel. */
  batchNorm(name: string): void {
    this.push(name, 4 * this.shape.channels);
  }
  /** Layers that keep the shape (activations, residual adds, dropout; Normalization has `params`). */
  same(name: string, params = 0): void {
    this.push(name, params);
  }
  /** A 'valid' max pooling, 2x2 stride 2 unless told. */
  maxPool(name: string, pool = 2, stride = 2): void {
    this.shape = { ...this.shape, size: outputSize(this.shape.size, pool, stride, 'valid') };
    this.push(name, 0);
  }
  globalPool(name: string): void {
    this.shape = { size: 1, channels: this.shape.channels };
    this.push(name, 0);
  }
  flatten(name: string): void {
    this.shape = { size: 1, channels: this.shape.size ** 2 * this.shape.channels };
    this.push(name, 0);
  }
  dense(name: string, units: number): void {
    const params = this.shape.channels * units + units;
    this.shape = { size: 1, channels: units };
    this.push(name, params);
  }
}
