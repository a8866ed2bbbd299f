// BufferAdam must update weights as TensorFlow.js's AdamOptimizer does, step after step, including
// after the loop lowers the learning rate on a plateau.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { BufferAdam } from './buffer-adam';

it('updates Float32Arrays in place as tf.train.adam updates variables, through a learning-rate change', () => {
  const before = tf.memory().numTensors;
  const initial = [Float32Array.from({ length: 50 }, (_, i) => Math.sin(i)), Float32Array.from({ length: 7 }, (_, i) => i / 7 - 0.5)];
  const variables = initial.map((w) => {
    const value = tf.tensor(w);
    const variable = tf.variable(value);
    value.dispose();
    return variable;
  });
  const weights = initial.map((w) => w.slice());
  const optimizer = tf.train.adam(0.01);
  const adam = new BufferAdam(optimizer, weights.map((w) => w.length));
  for (let step = 0; step < 20; step++) {
    // Gradients that change sign and size from step to step, some zero.
    const gradients = weights.map((w, k) => w.map((_, j) => (j % 5 === 0 ? 0 : Math.cos(step * 0.7 + j + k) * (1 + (j % 3)))));
    if (step === 10) (optimizer as unknown as { learningRate: number }).learningRate = 0.002;
    tf.tidy(() => optimizer.applyGradients(variables.map((v, k) => ({ name: v.name, tensor: tf.tensor(gradients[k]!) }))));
    adam.step(weights, gradients);
  }
  variables.forEach((v, k) => {
    const expected = v.dataSync();
    const moved = weights[k]!.some((w, j) => w !== initial[k]![j]);
    expect(moved, `weights ${k} moved`).toBe(true);
    weights[k]!.forEach((w, j) => expect(Math.abs(w - expected[j]!), `weights ${k}[${j}]`).toBeLessThan(1e-6));
  });
  tf.dispose(variables);
  optimizer.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

it('refuses an optimizer other than Adam, naming it', () => {
  const sgd = tf.train.sgd(0.1);
  expect(() => new BufferAdam(sgd, [1])).toThrow('trains with Adam, not SGD');
  sgd.dispose();
});
