import * as tf from '@tensorflow/tfjs';
import { assertImageSize } from './assert-image-size';
import { seededKernelInitializer } from './seeded-initializer';
import { VGG16_MIN_IMAGE_SIZE } from './backbone-facts';

// Filters per block and convolutions per block, as in keras.applications.VGG16.
const BLOCKS: readonly { filters: number; convs: number }[] = [
  { filters: 64, convs: 2 },
  { filters: 128, convs: 2 },
  { filters: 256, convs: 3 },
  { filters: 512, convs: 3 },
  { filters: 512, convs: 3 },
];

export interface Vgg16Options {
  imageSize: number;
  /** Seeds the random initial weights (they are replaced when pretrained weights load). */
  seed?: number;
}

/**
 * `keras.applications.VGG16(include_top=False)`, layer for layer. Names match Keras exactly so
 * weights exported from Keras load by name and fine-tuning can start at a Keras block name.
 */
export function buildVgg16({ imageSize, seed }: Vgg16Options): tf.LayersModel {
  assertImageSize(imageSize, VGG16_MIN_IMAGE_SIZE, 'VGG16');
  const input = tf.input({ shape: [imageSize, imageSize, 3], name: 'input_1' });
  let x: tf.SymbolicTensor = input;
  let layerIndex = 0;
  BLOCKS.forEach(({ filters, convs }, blockIndex) => {
    const block = `block${blockIndex + 1}`;
    for (let conv = 1; conv <= convs; conv++) {
      x = tf.layers
        .conv2d({
          filters,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          name: `${block}_conv${conv}`,
          kernelInitializer: seededKernelInitializer(seed, layerIndex++),
        })
        .apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `${block}_pool` }).apply(x) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: input, outputs: x, name: 'vgg16' });
}
