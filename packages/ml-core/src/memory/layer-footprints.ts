import { makeDivisible } from '../backbones/make-divisible';
import type { BackboneName } from '../types';

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
class Footprints {
  readonly layers: LayerFootprint[] = [];
  constructor(public shape: Shape) {
    this.push('input_1', 0);
  }
  private push(name: string, params: number): void {
    this.layers.push({ name, outputPerImage: this.shape.size ** 2 * this.shape.channels, channels: this.shape.channels, params });
  }
  /**
   * A convolution: 'same' (a stride of 2 halves the map, rounding up, as TensorFlow's 'same' does)
   * or, stride 1 only, 'valid' (the map loses kernel - 1).
   */
  conv(name: string, { filters, kernel, stride = 1, bias, padding = 'same' }: { filters: number; kernel: number; stride?: number; bias: boolean; padding?: 'same' | 'valid' }): void {
    const params = kernel * kernel * this.shape.channels * filters + (bias ? filters : 0);
    const size = padding === 'valid' ? this.shape.size - kernel + 1 : Math.ceil(this.shape.size / stride);
    this.shape = { size, channels: filters };
    this.push(name, params);
  }
  /** Keras's correct_pad then a 'valid' stride-2 3x3 depthwise conv: the same sizes as 'same'. */
  pad(name: string): void {
    this.shape = { ...this.shape, size: this.shape.size + (this.shape.size % 2) + 1 };
    this.push(name, 0);
  }
  depthwise(name: string, stride: number, padded: boolean): void {
    const size = padded ? Math.floor((this.shape.size - 3) / 2) + 1 : Math.ceil(this.shape.size / stride);
    this.shape = { ...this.shape, size };
    this.push(name, 9 * this.shape.channels);
  }
  /** Batch norm keeps gamma, beta and the moving mean and variance per channel. */
  batchNorm(name: string): void {
    this.push(name, 4 * this.shape.channels);
  }
  /** Layers that keep the shape and have no weights (activations, residual adds, dropout). */
  same(name: string): void {
    this.push(name, 0);
  }
  maxPool(name: string): void {
    this.shape = { ...this.shape, size: Math.floor(this.shape.size / 2) };
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

const VGG16_BLOCKS = [
  { filters: 64, convs: 2 },
  { filters: 128, convs: 2 },
  { filters: 256, convs: 3 },
  { filters: 512, convs: 3 },
  { filters: 512, convs: 3 },
] as const;

/** backbones/vgg16.ts, layer for layer. */
export function vgg16Footprints(imageSize: number): LayerFootprint[] {
  const f = new Footprints({ size: imageSize, channels: 3 });
  VGG16_BLOCKS.forEach(({ filters, convs }, b) => {
    for (let c = 1; c <= convs; c++) f.conv(`block${b + 1}_conv${c}`, { filters, kernel: 3, bias: true });
    f.maxPool(`block${b + 1}_pool`);
  });
  return f.layers;
}

// (filters, stride, expansion) of each inverted residual block, as backbones/mobilenet-v2.ts.
const MOBILENET_V2_BLOCKS: readonly (readonly [number, 1 | 2, number])[] = [
  [16, 1, 1], [24, 2, 6], [24, 1, 6], [32, 2, 6], [32, 1, 6], [32, 1, 6], [64, 2, 6], [64, 1, 6], [64, 1, 6],
  [64, 1, 6], [96, 1, 6], [96, 1, 6], [96, 1, 6], [160, 2, 6], [160, 1, 6], [160, 1, 6], [320, 1, 6],
];

/** backbones/mobilenet-v2.ts and inverted-residual-block.ts, layer for layer. */
export function mobileNetV2Footprints(imageSize: number, alpha: number): LayerFootprint[] {
  const f = new Footprints({ size: imageSize, channels: 3 });
  f.conv('Conv1', { filters: makeDivisible(32 * alpha, 8), kernel: 3, stride: 2, bias: false });
  f.batchNorm('bn_Conv1');
  f.same('Conv1_relu');
  MOBILENET_V2_BLOCKS.forEach(([filters, stride, expansion], id) => {
    const p = id === 0 ? 'expanded_conv_' : `block_${id}_`;
    const input = f.shape;
    const out = makeDivisible(Math.trunc(filters * alpha), 8);
    if (id !== 0) {
      f.conv(`${p}expand`, { filters: expansion * input.channels, kernel: 1, bias: false });
      f.batchNorm(`${p}expand_BN`);
      f.same(`${p}expand_relu`);
    }
    if (stride === 2) f.pad(`${p}pad`);
    f.depthwise(`${p}depthwise`, stride, stride === 2);
    f.batchNorm(`${p}depthwise_BN`);
    f.same(`${p}depthwise_relu`);
    f.conv(`${p}project`, { filters: out, kernel: 1, bias: false });
    f.batchNorm(`${p}project_BN`);
    if (input.channels === out && stride === 1) f.same(`${p}add`);
  });
  f.conv('Conv_1', { filters: alpha > 1 ? makeDivisible(1280 * alpha, 8) : 1280, kernel: 1, bias: false });
  f.batchNorm('Conv_1_bn');
  f.same('out_relu');
  return f.layers;
}

export function backboneFootprints(backbone: BackboneName, imageSize: number, alpha: number): LayerFootprint[] {
  return backbone === 'VGG16' ? vgg16Footprints(imageSize) : mobileNetV2Footprints(imageSize, alpha);
}

/** The recipe's head on a backbone's feature map: global average pooling, dropout, softmax. */
export function headFootprints(featureSize: number, numClasses: number): LayerFootprint[] {
  const f = new Footprints({ size: 1, channels: featureSize });
  f.same('global_average_pooling2d');
  f.same('dropout');
  f.dense('predictions', numClasses);
  return f.layers.slice(1);
}

/** model/baseline-cnn.ts, layer for layer. */
export function baselineFootprints(imageSize: number, numClasses: number): LayerFootprint[] {
  const f = new Footprints({ size: imageSize, channels: 3 });
  f.same('rescaling');
  f.conv('conv2d', { filters: 32, kernel: 3, bias: true, padding: 'valid' });
  f.maxPool('max_pooling2d');
  f.conv('conv2d_1', { filters: 64, kernel: 3, bias: true, padding: 'valid' });
  f.maxPool('max_pooling2d_1');
  f.flatten('flatten');
  // The flattened map times 128: the baseline's largest weight by far (see baseline-cnn.ts).
  f.dense('dense', 128);
  f.dense('predictions', numClasses);
  return f.layers;
}
