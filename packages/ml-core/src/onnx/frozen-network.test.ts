// Where frozen layers run: ONNX Runtime on CPU hosts, TensorFlow.js where it is native (a GPU).
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createFrozenNetwork, frozenEngineInUse, runFrozenRows, setFrozenEngine } from './frozen-network';
import { buildTrainableChain } from './trainable-chain';

function smallConvNet(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: conv });
}

describe('choosing the engine for frozen layers', () => {
  afterEach(async () => {
    setFrozenEngine('auto');
    await tf.setBackend('wasm');
    if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
  });

  it("'auto' uses ONNX Runtime beside TensorFlow.js's WASM backend", async () => {
    const network = await createFrozenNetwork(smallConvNet(), { preprocessing: 'rescale' });
    try {
      expect(network.engine).toBe('onnxruntime');
      expect(network.fallbackReason).toBeNull();
      const rows = await runFrozenRows(network, [new Uint8Array(8 * 8 * 3).fill(128), new Uint8Array(8 * 8 * 3)], 2);
      expect(rows.map((r) => r.length)).toEqual([256, 256]);
    } finally {
      await network.dispose();
    }
  });

  it('says where frozen layers run before any network is built: the preference, then the backend', async () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(await frozenEngineInUse()).toEqual({ engine: 'onnxruntime', reason: null });
    setFrozenEngine('tensorflow.js');
    expect(await frozenEngineInUse()).toEqual({ engine: 'tensorflow.js', reason: expect.stringMatching(/TensorFlow\.js was chosen/) });
    setFrozenEngine('onnxruntime');
    expect(await frozenEngineInUse()).toEqual({ engine: 'onnxruntime', reason: null });
  });

  // tfjs-node(-gpu) cannot load on these machines; its backend name is what the choice reads,
  // so the plain JS backend registered under that name stands in for it.
  it("'auto' keeps everything on TensorFlow.js when it runs on TensorFlow's native library (GPU hosts); an explicit choice still wins", async () => {
    tf.registerBackend('tensorflow', tf.findBackendFactory('cpu')!);
    await tf.setBackend('tensorflow');
    const model = smallConvNet();
    const network = await createFrozenNetwork(model, { preprocessing: 'rescale' });
    expect(network.engine).toBe('tensorflow.js');
    expect(network.fallbackReason).toMatch(/native library/);
    expect(await buildTrainableChain(model)).toMatchObject({ ok: false, reason: expect.stringMatching(/native library/) });
    expect(await frozenEngineInUse()).toEqual({ engine: 'tensorflow.js', reason: network.fallbackReason });

    setFrozenEngine('onnxruntime');
    const forced = await createFrozenNetwork(model, { preprocessing: 'rescale' });
    expect(forced.engine).toBe('onnxruntime');
    expect(await frozenEngineInUse()).toEqual({ engine: 'onnxruntime', reason: null });
    await forced.dispose();
  });
});
