import * as tf from '@tensorflow/tfjs';
import { assertImageSize } from './assert-image-size';
import { seededKernelInitializer } from './seeded-initializer';
import { RESNET50_MIN_IMAGE_SIZE } from './backbone-facts';
import { RESNET50_STAGES } from './resnet50-stages';

// keras.applications.resnet's BatchNormalization epsilon; the published moving statistics assume it.
const BATCH_NORM = { axis: 3, epsilon: 1.001e-5 } as const;

export interface ResNet50Options {
  imageSize: number;
  /** Seeds the random initial weights (they are replaced when pretrained weights load). */
  seed?: number;
}

function apply(layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}

/**
 * `keras.applications.ResNet50(include_top=False)`, layer for layer, with Keras's layer names so
 * that Keras's weights load by name. Output is `conv5_block3_out`; inputs are caffe-preprocessed.
 */
export function buildResNet50({ imageSize, seed }: ResNet50Options): tf.LayersModel {
  assertImageSize(imageSize, RESNET50_MIN_IMAGE_SIZE, 'ResNet50');
  let convs = 0;
  const conv = (filters: number, kernelSize: number, name: string, strides = 1, padding: 'valid' | 'same' = 'valid') =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding, name, kernelInitializer: seededKernelInitializer(seed, convs++) });
  const input = tf.input({ shape: [imageSize, imageSize, 3], name: 'input_1' });

  let x = apply(tf.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: 'conv1_pad' }), input);
  x = apply(conv(64, 7, 'conv1_conv', 2), x);
  x = apply(tf.layers.batchNormalization({ ...BATCH_NORM, name: 'conv1_bn' }), x);
  x = apply(tf.layers.activation({ activation: 'relu', name: 'conv1_relu' }), x);
  x = apply(tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pool1_pad' }), x);
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }), x);

  for (const stage of RESNET50_STAGES) {
    for (let b = 1; b <= stage.blocks; b++) {
      x = bottleneck(x, { filters: stage.filters, stride: b === 1 ? stage.stride : 1, convShortcut: b === 1, name: `${stage.name}_block${b}`, conv });
    }
  }
  return tf.model({ inputs: input, outputs: x, name: 'resnet50' });
}

interface BottleneckOptions {
  filters: number;
  stride: number;
  /** The first block of a stage projects its input with a 1x1 convolution (`_0_conv`). */
  convShortcut: boolean;
  name: string;
  conv: (filters: number, kernelSize: number, name: string, strides?: number, padding?: 'valid' | 'same') => tf.layers.Layer;
}

/** Keras's `resnet.block1`: 1x1 → 3x3 → 1x1 (x4 filters), added to the (projected) input, then ReLU. */
function bottleneck(input: tf.SymbolicTensor, { filters, stride, convShortcut, name, conv }: BottleneckOptions): tf.SymbolicTensor {
  const bn = (suffix: string) => tf.layers.batchNormalization({ ...BATCH_NORM, name: `${name}_${suffix}` });
  const relu = (suffix: string) => tf.layers.activation({ activation: 'relu', name: `${name}_${suffix}` });
  // Created first, as Keras does; model.layers still lists it after the 3x3 branch (by depth).
  const shortcut = convShortcut ? apply(bn('0_bn'), apply(conv(4 * filters, 1, `${name}_0_conv`, stride), input)) : input;
  let x = apply(relu('1_relu'), apply(bn('1_bn'), apply(conv(filters, 1, `${name}_1_conv`, stride), input)));
  x = apply(relu('2_relu'), apply(bn('2_bn'), apply(conv(filters, 3, `${name}_2_conv`, 1, 'same'), x)));
  x = apply(bn('3_bn'), apply(conv(4 * filters, 1, `${name}_3_conv`), x));
  return apply(relu('out'), apply(tf.layers.add({ name: `${name}_add` }), [shortcut, x]));
}
