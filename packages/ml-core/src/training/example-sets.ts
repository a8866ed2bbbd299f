import * as tf from '@tensorflow/tfjs';
import { augmentBatch, isAugmentationActive, type Augmentation } from '../data/augment';
import { toBatchTensor } from '../data/load-images';
import type { Rng } from '../data/random';
import { preprocess } from '../preprocessing';
import type { PreprocessingMode } from '../types';
import type { ExampleSet } from './types';

/**
 * Decoded images as model inputs: augmented (training batches only), preprocessed, then passed
 * through `encode` (a frozen part of the network, run outside the gradient tape) when given.
 */
export function imageExampleSet(options: {
  pixels: Uint8Array[];
  labels: number[];
  imageSize: number;
  preprocessing: PreprocessingMode;
  augmentation?: Augmentation;
  rng?: Rng;
  encode?: (x: tf.Tensor4D) => tf.Tensor;
}): ExampleSet {
  const { pixels, labels, imageSize, preprocessing, augmentation, rng, encode } = options;
  const augment = augmentation && rng && isAugmentationActive(augmentation) ? augmentation : null;
  return {
    count: pixels.length,
    labels,
    gather: (indices, { training }) =>
      tf.tidy(() => {
        let x = toBatchTensor(
          indices.map((i) => pixels[i]!),
          imageSize,
        );
        if (training && augment) x = augmentBatch(x, augment, rng!);
        const input = preprocess(x, preprocessing);
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

/** Runs `set` through `fn` in batches (inference mode) and returns one row per example. */
export function computeRows(set: ExampleSet, batchSize: number, fn: (x: tf.Tensor) => tf.Tensor = (x) => x): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let start = 0; start < set.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
    const out = tf.tidy(() => fn(set.gather(indices, { training: false })));
    const data = out.dataSync() as Float32Array;
    const rowSize = data.length / indices.length;
    for (let k = 0; k < indices.length; k++) rows.push(data.slice(k * rowSize, (k + 1) * rowSize));
    out.dispose();
  }
  return rows;
}
