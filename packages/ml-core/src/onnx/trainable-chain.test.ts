// The chain's ONNX Runtime forward pass and gradients must match TensorFlow.js's autodiff.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { afterEach, describe, expect, it } from 'vitest';
import { setFrozenEngine } from './frozen-network';
import { buildTrainableChain, type TrainableChain } from './trainable-chain';
import { relativeError } from '../test-support/relative-error';

const rng = seedrandom('trainable-chain');
const random = (n: number) => Float32Array.from({ length: n }, () => rng() * 2 - 1);

/** A VGG-style chain: 'same' and 'valid' convolutions, ReLU and linear, non-overlapping pooling. */
function vggLike(): tf.LayersModel {
  const input = tf.input({ shape: [12, 12, 5] });
  let x = tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 7, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c2' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2, name: 'p1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 4, kernelSize: [3, 2], padding: 'valid', activation: 'linear', name: 'c3' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 3, kernelSize: 2, padding: 'same', useBias: false, activation: 'relu', name: 'c4' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

describe('trainable chain on ONNX Runtime', () => {
  let chain: TrainableChain | string | undefined;
  afterEach(async () => {
    if (chain && typeof chain !== 'string') await chain.dispose();
    setFrozenEngine('auto');
  });

  it('computes the forward pass and every weight gradient as TensorFlow.js does (relative error < 1e-4), leaking no tensors', async () => {
    setFrozenEngine('onnxruntime');
    const model = vggLike();
    const before = tf.memory().numTensors;
    const built = await buildTrainableChain(model);
    if (typeof built === 'string') throw new Error(built);
    chain = built;
    expect(chain.variables.map((v) => v.shape.length)).toEqual([4, 1, 4, 1, 4, 1, 4]);

    const count = 3;
    const xData = random(count * 12 * 12 * 5);
    const outSize = chain.outputShape.reduce((a, b) => a * b, 1);
    const weightsOfLoss = random(count * outSize);
    const activations = await chain.forward(xData, count);
    const onnxGrads = await chain.backward(activations, weightsOfLoss);

    const [expectedOutput, expectedGrads] = tf.tidy(() => {
      const x = tf.tensor(xData, [count, 12, 12, 5]);
      const r = tf.tensor(weightsOfLoss, [count, ...built.outputShape]);
      const out = model.apply(x) as tf.Tensor;
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x) as tf.Tensor, r)) as tf.Scalar, built.variables);
      return [out.dataSync() as Float32Array, built.variables.map((v) => grads[v.name]!.dataSync() as Float32Array)];
    });
    expect(relativeError(activations.output, expectedOutput)).toBeLessThan(1e-4);
    expect(onnxGrads).toHaveLength(expectedGrads.length);
    onnxGrads.forEach((g, i) => {
      expect(g.length).toBe(expectedGrads[i]!.length);
      expect(relativeError(g, expectedGrads[i]!), `gradient ${i} (${built.variables[i]!.name})`).toBeLessThan(1e-4);
    });
    expect(tf.memory().numTensors).toBe(before);
    for (const w of model.weights) w.dispose();
  });

  it('declines what is not a plain chain, saying why', async () => {
    setFrozenEngine('onnxruntime');
    const input = tf.input({ shape: [8, 8, 3] });
    const bn = tf.layers.batchNormalization({ name: 'bn' }).apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, name: 'c' }).apply(input) as tf.SymbolicTensor) as tf.SymbolicTensor;
    chain = await buildTrainableChain(tf.model({ inputs: input, outputs: bn }));
    expect(chain).toMatch(/'bn' is a BatchNormalization/);
    const strided = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, name: 's' }).apply(input) as tf.SymbolicTensor;
    chain = await buildTrainableChain(tf.model({ inputs: input, outputs: strided }));
    expect(chain).toMatch(/'s' is strided/);
  });

  it('stays on TensorFlow.js when that is chosen', async () => {
    setFrozenEngine('tensorflow.js');
    chain = await buildTrainableChain(vggLike());
    expect(chain).toMatch(/TensorFlow\.js was chosen/);
  });
});
