import * as tf from '@tensorflow/tfjs';
import { assertImageSize } from './assert-image-size';
import { seededKernelInitializer } from './seeded-initializer';
import {
  invertedResidualBlock,
  MOBILENET_V2_BATCH_NORM as bn,
  type InvertedResidualBlockOptions,
} from './inverted-residual-block';
import { makeDivisible } from './make-divisible';
import { MOBILENET_V2_ALPHAS, MOBILENET_V2_MIN_IMAGE_SIZE } from './backbone-facts';

// (filters, stride, expansion) per block id 0..16, the table in keras.applications.MobileNetV2.
const BLOCKS: readonly Omit<InvertedResidualBlockOptions, 'alpha' | 'blockId'>[] = [
  { filters: 16, stride: 1, expansion: 1 },
  { filters: 24, stride: 2, expansion: 6 },
  { filters: 24, stride: 1, expansion: 6 },
  { filters: 32, stride: 2, expansion: 6 },
  { filters: 32, stride: 1, expansion: 6 },
  { filters: 32, stride: 1, expansion: 6 },
  { filters: 64, stride: 2, expansion: 6 },
  { filters: 64, stride: 1, expansion: 6 },
  { filters: 64, stride: 1, expansion: 6 },
  { filters: 64, stride: 1, expansion: 6 },
  { filters: 96, stride: 1, expansion: 6 },
  { filters: 96, stride: 1, expansion: 6 },
  { filters: 96, stride: 1, expansion: 6 },
  { filters: 160, stride: 2, expansion: 6 },
  { filters: 160, stride: 1, expansion: 6 },
  { filters: 160, stride: 1, expansion: 6 },
  { filters: 320, stride: 1, expansion: 6 },
];

export interface MobileNetV2Options {
  imageSize: number;
  /** Width multiplier; one of MOBILENET_V2_ALPHAS. */
  alpha: number;
  /** Seeds the random initial weights (they are replaced when pretrained weights load). */
  seed?: number;
}

/**
 * `keras.applications.MobileNetV2(include_top=False)`, layer for layer, with Keras's layer names so
 * that weights exported from Keras load by name. Output is `out_relu`.
 */
export function buildMobileNetV2({ imageSize, alpha, seed }: MobileNetV2Options): tf.LayersModel {
  assertImageSize(imageSize, MOBILENET_V2_MIN_IMAGE_SIZE, 'MobileNetV2');
  if (!(MOBILENET_V2_ALPHAS as readonly number[]).includes(alpha)) {
    throw new Error(`MobileNetV2 alpha must be one of ${MOBILENET_V2_ALPHAS.join(', ')}; got ${alpha}.`);
  }
  const input = tf.input({ shape: [imageSize, imageSize, 3], name: 'input_1' });

  // 'same' with stride 2 pads exactly like Keras's older explicit Conv1_pad + 'valid'.
  let x = tf.layers
    .conv2d({ filters: makeDivisible(32 * alpha, 8), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'Conv1', kernelInitializer: seededKernelInitializer(seed, 0) })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ ...bn, name: 'bn_Conv1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ maxValue: 6, name: 'Conv1_relu' }).apply(x) as tf.SymbolicTensor;

  BLOCKS.forEach((block, blockId) => {
    x = invertedResidualBlock(x, { ...block, alpha, blockId, seed });
  });

  // Keras widens the last conv only for alpha > 1; narrower models keep 1280 features.
  const lastFilters = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = tf.layers.conv2d({ filters: lastFilters, kernelSize: 1, useBias: false, name: 'Conv_1', kernelInitializer: seededKernelInitializer(seed, 1) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ ...bn, name: 'Conv_1_bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ maxValue: 6, name: 'out_relu' }).apply(x) as tf.SymbolicTensor;

  return tf.model({ inputs: input, outputs: x, name: `mobilenetv2_${alpha.toFixed(2)}_${imageSize}` });
}
