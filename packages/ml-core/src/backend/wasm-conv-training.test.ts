// End to end: Keras-style layers with trainable convolutions train on WASM.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { restoreBackendAfterEach } from './restore-backend.testing';
import { selectBackend } from './select-backend';

restoreBackendAfterEach();

it('a model with trainable conv2d and depthwiseConv2d layers fits on wasm, loss falls, no tensors leak', async () => {
  expect((await selectBackend({ prefer: 'wasm' })).kind).toBe('wasm');
  const model = tf.sequential({
    layers: [
      // Default (linear) activation: the fused conv path, whose gradient bypasses tf.registerGradient.
      tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 6, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, activation: 'relu', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const xs = tf.randomNormal([16, 12, 12, 3], 0, 1, 'float32', 5);
  const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), 'int32'), 3);
  try {
    await model.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0 }); // creates the optimizer's slots
    const tensorsBefore = tf.memory().numTensors;
    const history = await model.fit(xs, ys, { epochs: 15, batchSize: 8, verbose: 0 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const losses = (history.history.loss ?? []).map(Number);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)).toBeLessThan(0.9 * (losses[0] ?? Number.NaN));
  } finally {
    model.dispose();
    tf.dispose([xs, ys]);
  }
});
