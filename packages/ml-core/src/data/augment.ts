import * as tf from '@tensorflow/tfjs';
import { CONFIG_BOUNDS } from '@transferlab/run-config';
import { adjustSaturation, shiftHue } from './color-jitter';
import { uniform, type Rng } from './random';

/** Keras's random preprocessing layers, with their factors spelled in the units users think in. */
export interface Augmentation {
  /** RandomFlip('horizontal'): half the images mirrored left-right. */
  flip?: boolean;
  /** RandomRotation: a uniform angle in ±rotationDegrees. */
  rotationDegrees?: number;
  /** RandomZoom: a uniform scale in [1 - zoom, 1 + zoom]; below 1 zooms in. */
  zoom?: number;
  /** RandomBrightness: adds a uniform delta in ±brightness * 255. */
  brightness?: number;
  /** RandomContrast: scales around the image's mean by a uniform factor in [1 - contrast, 1 + contrast]. */
  contrast?: number;
  /**
   * RandomSaturation, as tf.image.random_saturation(1 - saturation, 1 + saturation): multiplies the
   * HSV saturation by a uniform factor in that range (0 at the low end turns the image grey).
   * Keras's own single-number factor samples [0, f] around a no-op at 0.5; this symmetric form
   * matches contrast here and needs no explaining.
   */
  saturation?: number;
  /**
   * RandomHue, as tf.image.random_hue(hue): turns the hue by a uniform delta in ±hue of the colour
   * wheel (0.5, the most, can turn red into cyan), keeping saturation and value.
   */
  hue?: number;
}

export function isAugmentationActive({ flip, rotationDegrees, zoom, brightness, contrast, saturation, hue }: Augmentation): boolean {
  return [flip, rotationDegrees, zoom, brightness, contrast, saturation, hue].some(Boolean);
}

type Matrix3 = [number, number, number, number, number, number, number, number, number];

/**
 * Augments a float NHWC batch of 0..255 pixels with fresh random parameters per image, drawn from
 * `rng` so that a seeded run is replayable. Returns a new tensor the caller disposes (a clone when
 * nothing is active, so disposing input and output is always safe).
 */
export function augmentBatch(x: tf.Tensor4D, aug: Augmentation, rng: Rng): tf.Tensor4D {
  assertValid(aug);
  if (!isAugmentationActive(aug)) return x.clone();
  const [n, height, width] = x.shape;
  const { flip = false, rotationDegrees = 0, zoom = 0, brightness = 0, contrast = 0, saturation = 0, hue = 0 } = aug;
  const geometric = flip || rotationDegrees > 0 || zoom > 0;

  const transforms: number[] = [];
  const deltas: number[] = [];
  const factors: number[] = [];
  const saturations: number[] = [];
  const hues: number[] = [];
  for (let i = 0; i < n; i++) {
    let m = identity();
    // Output pixels are sampled from input(F·R·Z · p): the flip, rotation, zoom order of a Keras
    // Sequential of those layers, composed so the image is resampled once rather than three times.
    if (flip && rng() < 0.5) m = multiply(m, [-1, 0, width - 1, 0, 1, 0, 0, 0, 1]);
    if (rotationDegrees > 0) m = multiply(m, rotation((uniform(rng, -rotationDegrees, rotationDegrees) * Math.PI) / 180, width, height));
    if (zoom > 0) m = multiply(m, scaling(uniform(rng, 1 - zoom, 1 + zoom), width, height));
    transforms.push(...m.slice(0, 8));
    deltas.push(brightness > 0 ? uniform(rng, -brightness, brightness) * 255 : 0);
    factors.push(contrast > 0 ? uniform(rng, 1 - contrast, 1 + contrast) : 1);
    saturations.push(saturation > 0 ? uniform(rng, 1 - saturation, 1 + saturation) : 1);
    hues.push(hue > 0 ? uniform(rng, -hue, hue) : 0);
  }

  return tf.tidy((): tf.Tensor4D => {
    let out: tf.Tensor4D = tf.cast(x, 'float32');
    if (geometric) {
      // One call per image: the cpu backend's Transform kernel (tfjs 4.22) returns after the first
      // image of a batch and leaves the others filled with zeros.
      // 'reflect' is Keras's default fill for rotation and zoom: no black corners for the model to learn.
      const images = tf.split<tf.Tensor4D>(out, n, 0).map((image, i) =>
        tf.image.transform(image, tf.tensor2d(transforms.slice(i * 8, i * 8 + 8), [1, 8]), 'bilinear', 'reflect'),
      );
      out = tf.concat(images, 0);
    }
    if (brightness > 0) out = out.add(tf.tensor4d(deltas, [n, 1, 1, 1]));
    if (contrast > 0) {
      // Mean per image and channel, as tf.image.adjust_contrast and Keras's RandomContrast use.
      const mean = out.mean([1, 2], true);
      out = out.sub(mean).mul(tf.tensor4d(factors, [n, 1, 1, 1])).add(mean);
    }
    // Brightness, contrast, saturation, hue: Keras's RandomColorJitter order. HSV needs valid colours.
    if (saturation > 0 || hue > 0) out = tf.clipByValue(out, 0, 255);
    if (saturation > 0) out = adjustSaturation(out, tf.tensor4d(saturations, [n, 1, 1, 1]));
    if (hue > 0) out = shiftHue(out, tf.tensor4d(hues, [n, 1, 1, 1]));
    return tf.clipByValue(out, 0, 255);
  });
}

function assertValid({ rotationDegrees = 0, zoom = 0, brightness = 0, contrast = 0, saturation = 0, hue = 0 }: Augmentation): void {
  const check = (name: string, value: number, max: number) => {
    if (!(value >= 0 && value <= max)) throw new RangeError(`${name} must be between 0 and ${max}, got ${value}`);
  };
  check('rotationDegrees', rotationDegrees, 180);
  check('zoom', zoom, 0.99);
  check('brightness', brightness, 1);
  check('contrast', contrast, 1);
  check('saturation', saturation, CONFIG_BOUNDS['augmentation.saturation'].max);
  check('hue', hue, CONFIG_BOUNDS['augmentation.hue'].max);
}

const identity = (): Matrix3 => [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Keras's rotation matrix: turns by `angle` about the image centre. */
function rotation(angle: number, width: number, height: number): Matrix3 {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const xOffset = (width - 1 - (cos * (width - 1) - sin * (height - 1))) / 2;
  const yOffset = (height - 1 - (sin * (width - 1) + cos * (height - 1))) / 2;
  return [cos, -sin, xOffset, sin, cos, yOffset, 0, 0, 1];
}

/** Keras's zoom matrix: scales about the image centre; the same factor on both axes keeps the aspect. */
function scaling(factor: number, width: number, height: number): Matrix3 {
  return [factor, 0, ((width - 1) / 2) * (1 - factor), 0, factor, ((height - 1) / 2) * (1 - factor), 0, 0, 1];
}

function multiply(a: Matrix3, b: Matrix3): Matrix3 {
  const out = new Array<number>(9).fill(0) as Matrix3;
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += a[row * 3 + k]! * b[k * 3 + col]!;
      out[row * 3 + col] = sum;
    }
  }
  return out;
}
