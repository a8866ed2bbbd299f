import * as tf from '@tensorflow/tfjs';
import type { PreprocessingMode } from '../types';

/** The baseline takes pixels 0..255 (its first layer rescales them), as the recipe's network does. */
export const BASELINE_PREPROCESSING: PreprocessingMode = 'none';

/**
 * The recipe's baseline, layer for layer, so "what transfer learning buys" is measured against the
 * network its readers run: Rescaling(1/255), Conv2D(32, 3, relu), MaxPooling2D, Conv2D(64, 3, relu),
 * MaxPooling2D, Flatten, Dense(128, relu), Dense(classes, softmax), trained with Adam at 1e-3
 * (the config's default learning rate). Keras's defaults throughout: 'valid' convolutions, 2x2
 * pools, Glorot-uniform kernels (seeded here), zero biases, no dropout (the config's `dropout` is
 * the transfer head's). It takes pixels 0..255, as the recipe's does, so its preprocessing is 'none'.
 *
 * Flatten keeps every position, so the first Dense grows with the square of the image size
 * (180 px: 15.1 M weights; 1024 px: 528 M); memory/estimate-run-memory.ts counts it.
 */
export function buildBaselineCnn(options: { imageSize: number; numClasses: number; seed: number }): tf.LayersModel {
  const { imageSize, numClasses, seed } = options;
  const kernelInitializer = (i: number) => tf.initializers.glorotUniform({ seed: seed + i });
  const layers: tf.layers.Layer[] = [
    tf.layers.rescaling({ scale: 1 / 255, name: 'rescaling' }),
    tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', name: 'conv2d', kernelInitializer: kernelInitializer(0) }),
    tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }),
    tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', name: 'conv2d_1', kernelInitializer: kernelInitializer(1) }),
    tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d_1' }),
    tf.layers.flatten({ name: 'flatten' }),
    tf.layers.dense({ units: 128, activation: 'relu', name: 'dense', kernelInitializer: kernelInitializer(2) }),
    tf.layers.dense({ units: numClasses, activation: 'softmax', name: 'predictions', kernelInitializer: kernelInitializer(3) }),
  ];
  const input = tf.input({ shape: [imageSize, imageSize, 3], name: 'input_1' });
  const output = layers.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
  return tf.model({ inputs: input, outputs: output, name: 'baseline_cnn' });
}
