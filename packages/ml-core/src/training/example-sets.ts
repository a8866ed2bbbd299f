import * as tf from '@tensorflow/tfjs';
import { augmentBatch, isAugmentationActive, type Augmentation } from '../data/augment';
import { toBatchTensor } from '../data/load-images';
import type { Rng } from '../data/random';
import { preprocess } from '../preprocessing';
import type { FrozenNetwork } from '../onnx/frozen-network';
import type { PreprocessingMode } from '../types';
import type { ExampleSet } from './types';

/**
 * Decoded images as model inputs: augmented (training batches only), preprocessed, then passed
 * through `encode` (a frozen part of the network, run outside the gradient tape) when given.
 * A `FrozenNetwork` encoder (ONNX Runtime) takes raw pixels, preprocesses them itself, and
 * computes off this thread, so its batches arrive as promises.
 */
export function imageExampleSet(options: {
  pixels: Uint8Array[];
  labels: number[];
  imageSize: number;
  preprocessing: PreprocessingMode;
  augmentation?: Augmentation;
  rng?: Rng;
  encode?: ((x: tf.Tensor4D) => tf.Tensor) | FrozenNetwork;
}): ExampleSet {
  const { pixels, labels, imageSize, preprocessing, augmentation, rng, encode } = options;
  const augment = augmentation && rng && isAugmentationActive(augmentation) ? augmentation : null;
  const batchPixels = (indices: number[], training: boolean) => {
    const x = toBatchTensor(
      indices.map((i) => pixels[i]!),
      imageSize,
    );
    return training && augment ? augmentBatch(x, augment, rng!) : x;
  };
  if (encode && typeof encode !== 'function') {
    return {
      count: pixels.length,
      labels,
      gather: async (indices, { training }) => {
        const batch = tf.tidy(() => batchPixels(indices, training));
        const data = batch.dataSync() as Float32Array;
        batch.dispose();
        return tf.tensor(await encode.run(data, indices.length), [indices.length, ...encode.outputShape]);
      },
    };
  }
  return {
    count: pixels.length,
    labels,
    gather: (indices, { training }) =>
      tf.tidy(() => {
        const input = preprocess(batchPixels(indices, training), preprocessing);
        return encode ? encode(input) : input;
      }),
  };
}

/** Precomputed rows (cached features or frozen-prefix activations) of a fixed shape. */
export function rowExampleSet(options: { rows: Float32Array[]; labels: number[]; shape: number[] }): ExampleSet {
  const { rows, labels, shape } = options;
  const rowSize = shape.reduce((a, b) => a * b, 1);
  return {
    count: rows.length,
    labels,
    gather: (indices) => {
      const data = new Float32Array(indices.length * rowSize);
      indices.forEach((i, k) => data.set(rows[i]!, k * rowSize));
      return tf.tensor(data, [indices.length, ...shape]);
    },
  };
}
