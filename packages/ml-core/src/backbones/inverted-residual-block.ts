import * as tf from '@tensorflow/tfjs';
import { correctPad } from './correct-pad';
import { makeDivisible } from './make-divisible';
import { seededKernelInitializer } from './seeded-initializer';

// Keras's MobileNetV2 batch-norm settings; the published moving statistics assume them.
export const MOBILENET_V2_BATCH_NORM = { epsilon: 1e-3, momentum: 0.999 } as const;

export interface InvertedResidualBlockOptions {
  expansion: number;
  stride: 1 | 2;
  alpha: number;
  filters: number;
  blockId: number;
  seed?: number;
}

function relu6(name: string): tf.layers.Layer {
  return tf.layers.reLU({ maxValue: 6, name });
}

function apply(layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}

/**
 * Keras's `_inverted_res_block` (expand 1x1 → depthwise 3x3 → project 1x1, residual add when the
 * shape is unchanged). Block 0 has no expansion and Keras names it `expanded_conv_`; the rest are
 * `block_<id>_`.
 */
export function invertedResidualBlock(
  inputs: tf.SymbolicTensor,
  { expansion, stride, alpha, filters, blockId, seed }: InvertedResidualBlockOptions,
): tf.SymbolicTensor {
  const [, height, width, inChannels] = inputs.shape;
  if (height == null || width == null || inChannels == null) {
    throw new Error(`MobileNetV2 block ${blockId} needs a fully known input shape; got [${inputs.shape.join(', ')}].`);
  }
  const pointwiseFilters = makeDivisible(Math.trunc(filters * alpha), 8);
  const prefix = blockId === 0 ? 'expanded_conv_' : `block_${blockId}_`;
  let x = inputs;

  if (blockId !== 0) {
    x = apply(
      tf.layers.conv2d({ filters: expansion * inChannels, kernelSize: 1, padding: 'same', useBias: false, name: `${prefix}expand`, kernelInitializer: seededKernelInitializer(seed, 10 + blockId * 3) }),
      x,
    );
    x = apply(tf.layers.batchNormalization({ ...MOBILENET_V2_BATCH_NORM, name: `${prefix}expand_BN` }), x);
    x = apply(relu6(`${prefix}expand_relu`), x);
  }

  if (stride === 2) {
    x = apply(tf.layers.zeroPadding2d({ padding: correctPad(height, width), name: `${prefix}pad` }), x);
  }
  x = apply(
    tf.layers.depthwiseConv2d({
      kernelSize: 3,
      strides: stride,
      padding: stride === 1 ? 'same' : 'valid',
      useBias: false,
      name: `${prefix}depthwise`,
      depthwiseInitializer: seededKernelInitializer(seed, 11 + blockId * 3),
    }),
    x,
  );
  x = apply(tf.layers.batchNormalization({ ...MOBILENET_V2_BATCH_NORM, name: `${prefix}depthwise_BN` }), x);
  x = apply(relu6(`${prefix}depthwise_relu`), x);

  x = apply(
    tf.layers.conv2d({ filters: pointwiseFilters, kernelSize: 1, padding: 'same', useBias: false, name: `${prefix}project`, kernelInitializer: seededKernelInitializer(seed, 12 + blockId * 3) }),
    x,
  );
  x = apply(tf.layers.batchNormalization({ ...MOBILENET_V2_BATCH_NORM, name: `${prefix}project_BN` }), x);

  if (inChannels === pointwiseFilters && stride === 1) {
    return apply(tf.layers.add({ name: `${prefix}add` }), [inputs, x]);
  }
  return x;
}
