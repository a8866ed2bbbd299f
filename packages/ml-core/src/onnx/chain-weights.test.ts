// The chain keeps its weights resident beside ONNX Runtime: a write on either side must reach the
// other, or a restored best epoch would be evaluated with the last epoch's weights (or a trained
// model saved with its starting ones).
import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';
import { relativeError } from '../test-support/relative-error';
import { setFrozenEngine } from './frozen-network';
import { buildTrainableChain } from './trainable-chain';

afterEach(() => setFrozenEngine('auto'));

function twoConvolutions(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 3] });
  let x = tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', name: 'a' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'b' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

it('reads weights written on the TensorFlow.js side, and publishes its own to the variables, leaking nothing', async () => {
  setFrozenEngine('onnxruntime');
  const model = twoConvolutions();
  const before = tf.memory().numTensors;
  const built = await buildTrainableChain(model);
  if (!built.ok) throw new Error(built.reason);
  const { chain } = built;
  const x = Float32Array.from({ length: 2 * 6 * 6 * 3 }, (_, i) => Math.sin(i));
  const tfjsOutput = () => tf.tidy(() => (model.predict(tf.tensor(x, [2, 6, 6, 3])) as tf.Tensor).dataSync() as Float32Array);
  try {
    expect(relativeError(await chain.infer(x, 2), tfjsOutput())).toBeLessThan(1e-5);
    // The TensorFlow.js side writes (as restoring the best epoch does): the next run reads it.
    const kernel = chain.variables[0]!;
    const doubled = tf.tidy(() => kernel.mul(2));
    kernel.assign(doubled);
    doubled.dispose();
    expect(relativeError((await chain.forward(x, 2)).output, tfjsOutput())).toBeLessThan(1e-5);
    // The chain's side writes (as Adam does): publish puts it in the variables.
    chain.weights[2]!.forEach((_, i, w) => (w[i] = -w[i]! + 0.01 * i));
    const expected = chain.weights[2]!.slice();
    chain.publish();
    expect(Array.from(chain.variables[2]!.dataSync())).toEqual(Array.from(expected));
    expect(relativeError(await chain.infer(x, 2), tfjsOutput())).toBeLessThan(1e-5);
  } finally {
    await chain.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose(model.weights.map((w) => w.read()));
});
