// The chain's ONNX Runtime forward pass and gradients must match TensorFlow.js's autodiff.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKBONES, buildBackbone, unfreezeFrom } from '../backbones';
import { splitModelAt } from '../model/split-model';
import { setFrozenEngine } from './frozen-network';
import { buildTrainableChain, type TrainableChain, type TrainableChainResult } from './trainable-chain';
import { randomiseBatchNorm } from '../test-support/random-batch-norm';
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

/**
 * MobileNetV2's last block and top convolution in miniature: 1x1 expansion, BatchNorm, ReLU6,
 * 3x3 depthwise, BatchNorm, ReLU6, 1x1 projection, BatchNorm, then a biased convolution and
 * plain ReLU. BatchNorm gets random statistics and weights, large enough that ReLU6 caps some cells.
 */
function mobileNetLike(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 4] });
  const conv = (filters: number, name: string, useBias = false) => tf.layers.conv2d({ filters, kernelSize: 1, useBias, name });
  const bn = (name: string) => tf.layers.batchNormalization({ name, epsilon: 1e-3 });
  let x = conv(12, 'expand').apply(input) as tf.SymbolicTensor;
  x = bn('expand_bn').apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ maxValue: 6, name: 'expand_relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'depthwise' }).apply(x) as tf.SymbolicTensor;
  x = bn('depthwise_bn').apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ maxValue: 6, name: 'depthwise_relu' }).apply(x) as tf.SymbolicTensor;
  x = conv(5, 'project').apply(x) as tf.SymbolicTensor;
  x = bn('project_bn').apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 7, kernelSize: 3, padding: 'valid', name: 'top' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'top_relu' }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: x });
  randomiseBatchNorm(model, rng);
  return model;
}

/**
 * MobileNetV2's strided and residual blocks in miniature: zero padding and a 'valid' stride-2
 * depthwise convolution, then an inverted residual block whose Add reads the block's input, then
 * convolutions with stride 2 ('same', and 'valid' on an even size, which leaves the last row of
 * its input unread).
 */
function residualLike(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 4] });
  const apply = (layer: { apply(x: tf.SymbolicTensor | tf.SymbolicTensor[]): unknown }, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
  const bn = (name: string) => tf.layers.batchNormalization({ name, epsilon: 1e-3 });
  const relu6 = (name: string) => tf.layers.reLU({ maxValue: 6, name });
  const invertedResidual = (x: tf.SymbolicTensor, prefix: string, stride: number, out: number) => {
    let y = apply(tf.layers.conv2d({ filters: 12, kernelSize: 1, useBias: false, name: `${prefix}_expand` }), x);
    y = apply(relu6(`${prefix}_expand_relu`), apply(bn(`${prefix}_expand_bn`), y));
    if (stride === 2) y = apply(tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: `${prefix}_pad` }), y);
    y = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: stride === 2 ? 'valid' : 'same', useBias: false, name: `${prefix}_depthwise` }), y);
    y = apply(relu6(`${prefix}_depthwise_relu`), apply(bn(`${prefix}_depthwise_bn`), y));
    y = apply(bn(`${prefix}_project_bn`), apply(tf.layers.conv2d({ filters: out, kernelSize: 1, useBias: false, name: `${prefix}_project` }), y));
    return stride === 1 && x.shape[3] === out ? apply(tf.layers.add({ name: `${prefix}_add` }), [x, y]) : y;
  };
  let x = invertedResidual(input, 'b1', 2, 6);
  x = invertedResidual(x, 'b2', 1, 6);
  x = apply(tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'strided_same' }), x);
  x = apply(tf.layers.conv2d({ filters: 3, kernelSize: 1, strides: 2, padding: 'valid', name: 'strided_valid' }), x);
  const model = tf.model({ inputs: input, outputs: x });
  randomiseBatchNorm(model, rng, 4);
  return model;
}

/**
 * EfficientNet's MBConv block in miniature: 1x1 expansion, BatchNorm, swish, depthwise, BatchNorm,
 * swish, squeeze-and-excitation (global pooling, reshape, swish and sigmoid convolutions with
 * bias, Multiply), projection, BatchNorm, Dropout (inference) and the residual Add.
 */
function efficientNetLike(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 4] });
  const apply = (layer: { apply(x: tf.SymbolicTensor | tf.SymbolicTensor[]): unknown }, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
  const swish = (name: string) => tf.layers.activation({ activation: 'swish', name });
  let x = apply(tf.layers.conv2d({ filters: 12, kernelSize: 1, useBias: false, name: 'expand' }), input);
  x = apply(swish('expand_swish'), apply(tf.layers.batchNormalization({ name: 'expand_bn' }), x));
  x = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'dw' }), x);
  x = apply(swish('dw_swish'), apply(tf.layers.batchNormalization({ name: 'dw_bn' }), x));
  let se = apply(tf.layers.globalAveragePooling2d({ name: 'se_squeeze' }), x);
  se = apply(tf.layers.reshape({ targetShape: [1, 1, 12], name: 'se_reshape' }), se);
  se = apply(tf.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'swish', name: 'se_reduce' }), se);
  se = apply(tf.layers.conv2d({ filters: 12, kernelSize: 1, activation: 'sigmoid', name: 'se_expand' }), se);
  x = apply(tf.layers.multiply({ name: 'se_excite' }), [x, se]);
  x = apply(tf.layers.batchNormalization({ name: 'project_bn' }), apply(tf.layers.conv2d({ filters: 4, kernelSize: 1, useBias: false, name: 'project' }), x));
  x = apply(tf.layers.dropout({ rate: 0.3, name: 'drop' }), x);
  x = apply(tf.layers.add({ name: 'add' }), [x, input]);
  const model = tf.model({ inputs: input, outputs: x });
  randomiseBatchNorm(model, rng, 3);
  return model;
}

/** The chain's output and gradients of sum(output * r) against TensorFlow.js autodiff on `model`. */
async function compareWithTfjs(model: tf.LayersModel, chain: TrainableChain, count: number) {
  const inShape = model.inputs[0]!.shape.slice(1) as number[];
  const xData = random(count * inShape.reduce((a, b) => a * b, 1));
  const outSize = chain.outputShape.reduce((a, b) => a * b, 1);
  const weightsOfLoss = random(count * outSize);
  const activations = await chain.forward(xData, count);
  const onnxGrads = await chain.backward(activations, weightsOfLoss);
  const [expectedOutput, expectedGrads] = tf.tidy(() => {
    const x = tf.tensor(xData, [count, ...inShape]);
    const r = tf.tensor(weightsOfLoss, [count, ...chain.outputShape]);
    // BatchNorm in inference mode, as fine-tuning runs it.
    const out = model.apply(x, { training: false }) as tf.Tensor;
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: false }) as tf.Tensor, r)) as tf.Scalar, chain.variables);
    return [out.dataSync() as Float32Array, chain.variables.map((v) => grads[v.name]!.dataSync() as Float32Array)];
  });
  expect(activations.output.some((v) => Math.abs(v) > 0.1), 'the output is not all about zero').toBe(true);
  expect(relativeError(activations.output, expectedOutput)).toBeLessThan(1e-4);
  expect(onnxGrads).toHaveLength(expectedGrads.length);
  onnxGrads.forEach((g, i) => {
    expect(g.length).toBe(expectedGrads[i]!.length);
    expect(g.some((v) => v !== 0), `gradient ${i} is not all zero`).toBe(true);
    expect(relativeError(g, expectedGrads[i]!), `gradient ${i} (${chain.variables[i]!.name})`).toBeLessThan(1e-4);
  });
  return activations;
}

describe('trainable chain on ONNX Runtime', () => {
  let chain: TrainableChainResult | undefined;
  afterEach(async () => {
    if (chain?.ok) await chain.chain.dispose();
    setFrozenEngine('auto');
  });

  /** Builds `model`'s chain on ONNX Runtime and checks it against TensorFlow.js; `owner` holds the weights to free. */
  async function trainsAsTfjs(model: tf.LayersModel, count: number, owner: tf.LayersModel = model) {
    setFrozenEngine('onnxruntime');
    const before = tf.memory().numTensors;
    chain = await buildTrainableChain(model);
    if (!chain.ok) throw new Error(chain.reason);
    const built = chain.chain;
    expect(built.variables).toHaveLength(model.trainableWeights.length);
    const activations = await compareWithTfjs(model, built, count);
    expect(tf.memory().numTensors).toBe(before);
    const variableRanks = built.variables.map((v) => v.shape.length);
    for (const w of owner.weights) w.dispose();
    return { outputShape: built.outputShape, variableRanks, activations };
  }

  it('computes the forward pass and every weight gradient as TensorFlow.js does (relative error < 1e-4), leaking no tensors', async () => {
    const { variableRanks } = await trainsAsTfjs(vggLike(), 3);
    expect(variableRanks).toEqual([4, 1, 4, 1, 4, 1, 4]);
  });

  it('trains BatchNorm, ReLU6 and depthwise layers (MobileNetV2 blocks) as TensorFlow.js does, leaking no tensors', async () => {
    const { variableRanks, activations } = await trainsAsTfjs(mobileNetLike(), 2);
    // expand kernel, gamma, beta; depthwise kernel, gamma, beta; project kernel, gamma, beta; top kernel, bias
    expect(variableRanks).toEqual([4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1]);
    // ReLU6 capped some cells, so the cap's gradient mask was exercised.
    expect(activations.saved[3]!.some((v) => v === 6)).toBe(true);
  });

  it('trains zero padding, strided convolutions and residual Adds as TensorFlow.js does', async () => {
    const { outputShape } = await trainsAsTfjs(residualLike(), 3);
    expect(outputShape).toEqual([1, 1, 3]);
  });

  it('trains swish, squeeze-and-excitation (pooling, reshape, sigmoid gate, Multiply), Dropout and residual Adds (an EfficientNet block) as TensorFlow.js does', async () => {
    const { variableRanks } = await trainsAsTfjs(efficientNetLike(), 2);
    // expand kernel, gamma, beta; depthwise kernel, gamma, beta; se_reduce kernel, bias; se_expand kernel, bias; project kernel, gamma, beta
    expect(variableRanks).toEqual([4, 1, 1, 4, 1, 1, 4, 1, 4, 1, 4, 1, 1]);
  });

  // EfficientNetB0 from its default layer. ResNet50 from its last bottleneck block: its default
  // (all of conv5, 15M weights) takes TensorFlow.js's reference gradients minutes on two shared
  // cores; the first block's strided projection shortcut is the residual test's strided 1x1 'valid' convolution.
  it.each([
    ['RESNET50', 'conv5_block3_1_conv'],
    ['EFFICIENTNET_B0', BACKBONES.EFFICIENTNET_B0.defaultUnfreezeFrom],
  ] as const)('trains %s at 96 px from %s as TensorFlow.js does, leaking no tensors', async (name, cut) => {
    const backbone = buildBackbone(name, { imageSize: 96, seed: 8 });
    randomiseBatchNorm(backbone, rng, 2);
    const { suffix } = splitModelAt(backbone, cut);
    backbone.layers.forEach((l) => (l.trainable = false));
    unfreezeFrom(backbone, cut);
    await trainsAsTfjs(suffix, 1, backbone);
  }, 240_000);

  it.each([
    [`${BACKBONES.MOBILENET_V2.defaultUnfreezeFrom}, the default (block 16 and the top convolution)`, BACKBONES.MOBILENET_V2.defaultUnfreezeFrom],
    ['block_13_expand (a strided block, then two residual ones)', 'block_13_expand'],
  ])('trains MobileNetV2 from %s as TensorFlow.js does', async (_what, cut) => {
    const backbone = buildBackbone('MOBILENET_V2', { imageSize: 64, alpha: 0.35, seed: 5 });
    randomiseBatchNorm(backbone, rng, 2);
    const { suffix } = splitModelAt(backbone, cut);
    backbone.layers.forEach((l) => (l.trainable = false));
    unfreezeFrom(backbone, cut);
    await trainsAsTfjs(suffix, 2, backbone);
  });

  it('declines layers it cannot train, saying why', async () => {
    setFrozenEngine('onnxruntime');
    const input = tf.input({ shape: [8, 8, 3] });
    const average = tf.layers.averagePooling2d({ poolSize: 2, name: 'avg' }).apply(input) as tf.SymbolicTensor;
    chain = await buildTrainableChain(tf.model({ inputs: input, outputs: average }));
    expect(chain).toEqual({ ok: false, reason: "layer 'avg' is a AveragePooling2D, which the chain does not train" });
    const dilated = tf.layers.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, name: 'd' }).apply(input) as tf.SymbolicTensor;
    chain = await buildTrainableChain(tf.model({ inputs: input, outputs: dilated }));
    expect(chain).toEqual({ ok: false, reason: "convolution 'd' is dilated" });
    const concatenated = tf.layers.concatenate({ name: 'cat' }).apply([input, input]) as tf.SymbolicTensor;
    chain = await buildTrainableChain(tf.model({ inputs: input, outputs: concatenated }));
    expect(chain).toEqual({ ok: false, reason: "layer 'cat' has 2 inputs" });
  });

  it('stays on TensorFlow.js when that is chosen', async () => {
    setFrozenEngine('tensorflow.js');
    chain = await buildTrainableChain(vggLike());
    expect(chain).toMatchObject({ ok: false, reason: expect.stringMatching(/TensorFlow\.js was chosen/) });
  });
});
