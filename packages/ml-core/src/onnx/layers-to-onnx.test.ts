// ONNX Runtime must compute what TensorFlow.js computes, for every network ml-core runs frozen.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBackbone } from '../backbones';
import { splitModelAt } from '../model/split-model';
import { buildTransferClassifier } from '../model/transfer-classifier';
import type { PreprocessingMode } from '../types';
import { createFrozenNetwork, runFrozenRows, setFrozenEngine, type FrozenNetworkOptions } from './frozen-network';
import { layersToOnnx, UnsupportedLayerError } from './layers-to-onnx';

const TOLERANCE = 1e-4;
const rng = seedrandom('layers-to-onnx');
const pixels = (count: number, size: number) => Array.from({ length: count }, () => Uint8Array.from({ length: size * size * 3 }, () => Math.floor(rng() * 256)));

/** max |a - ref| / max |ref|, and max |ref| (so a test can tell the outputs are not all ~0). */
function compare(actual: Float32Array[], reference: Float32Array[]): { error: number; scale: number } {
  let diff = 0;
  let scale = 0;
  reference.forEach((row, r) =>
    row.forEach((ref, i) => {
      diff = Math.max(diff, Math.abs((actual[r]?.[i] ?? Number.NaN) - ref));
      scale = Math.max(scale, Math.abs(ref));
    }),
  );
  return { error: diff / Math.max(scale, 1e-12), scale };
}

async function rowsOn(engine: 'onnxruntime' | 'tensorflow.js', model: tf.LayersModel, options: FrozenNetworkOptions, inputs: (Uint8Array | Float32Array)[]) {
  setFrozenEngine(engine);
  const network = await createFrozenNetwork(model, options);
  try {
    expect(network.engine).toBe(engine);
    return { rows: await runFrozenRows(network, inputs, 3), shape: network.outputShape };
  } finally {
    await network.dispose();
  }
}

async function expectAgreement(model: tf.LayersModel, options: FrozenNetworkOptions, inputs: (Uint8Array | Float32Array)[]) {
  const before = tf.memory().numTensors;
  const onnx = await rowsOn('onnxruntime', model, options, inputs);
  const reference = await rowsOn('tensorflow.js', model, options, inputs);
  expect(tf.memory().numTensors).toBe(before);
  expect(onnx.shape).toEqual(reference.shape);
  expect(onnx.rows).toHaveLength(inputs.length);
  const { error, scale } = compare(onnx.rows, reference.rows);
  expect(scale).toBeGreaterThan(1e-3);
  expect(error).toBeLessThan(TOLERANCE);
  return onnx;
}

/** Random-but-plausible BatchNorm statistics: freshly built ones are identities, which would hide ordering mistakes. */
function randomizeBatchNorms(model: tf.LayersModel): void {
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    layer.setWeights(layer.getWeights().map((w, i) => tf.tidy(() => tf.add(tf.mul(tf.randomUniform(w.shape, 0, 1, 'float32', Math.floor(rng() * 1e6)), i === 1 || i === 2 ? 0.4 : 1), i === 1 || i === 2 ? -0.2 : 0.5))));
  }
}

const dispose = (model: tf.LayersModel) => new Set(model.weights).forEach((w) => w.dispose());

describe('frozen networks on ONNX Runtime agree with TensorFlow.js (relative error < 1e-4)', () => {
  afterEach(() => setFrozenEngine('auto'));

  for (const [preprocessing, pooled] of [['caffe', false], ['caffe', true], ['tf', true], ['rescale', false]] as [PreprocessingMode, boolean][]) {
    it(`VGG16 at 48 px, ${preprocessing} preprocessing built in, ${pooled ? 'pooled' : 'feature map'}`, async () => {
      const model = buildBackbone('VGG16', { imageSize: 48, seed: 7 });
      try {
        const { shape } = await expectAgreement(model, { preprocessing, pooled }, pixels(5, 48));
        expect(shape).toEqual(pooled ? [512] : [1, 1, 512]);
      } finally {
        dispose(model);
      }
    });
  }

  it('MobileNetV2 (alpha 0.35, 96 px): BatchNorm, ReLU6, depthwise convolutions, padding, residual adds', async () => {
    const model = buildBackbone('MOBILENET_V2', { imageSize: 96, alpha: 0.35, seed: 3 });
    randomizeBatchNorms(model);
    try {
      const { shape } = await expectAgreement(model, { preprocessing: 'tf' }, pixels(4, 96));
      expect(shape).toEqual([3, 3, 1280]);
    } finally {
      dispose(model);
    }
  });

  it('ResNet50 at 96 px, caffe preprocessing built in: biased convolutions, BatchNorm, ReLU layers, max pooling, bottleneck adds', async () => {
    const model = buildBackbone('RESNET50', { imageSize: 96, seed: 4 });
    randomizeBatchNorms(model);
    try {
      const { shape } = await expectAgreement(model, { preprocessing: 'caffe' }, pixels(2, 96));
      expect(shape).toEqual([3, 3, 2048]);
    } finally {
      dispose(model);
    }
    // 23.6M weights: converting them and TensorFlow.js's reference pass take minutes on two busy cores.
  }, 600_000);

  it('EfficientNetB0 at 96 px from pixels 0..255: Rescaling, Normalization, swish, squeeze-and-excitation, Multiply, Dropout', async () => {
    const model = buildBackbone('EFFICIENTNET_B0', { imageSize: 96, seed: 6 });
    randomizeBatchNorms(model);
    const statistics = [tf.tensor1d([0.485, 0.456, 0.406]), tf.tensor1d([0.229, 0.224, 0.225]), tf.scalar(1)];
    model.getLayer('normalization').setWeights(statistics);
    tf.dispose(statistics);
    try {
      const { shape } = await expectAgreement(model, { preprocessing: 'none' }, pixels(2, 96));
      expect(shape).toEqual([3, 3, 1280]);
    } finally {
      dispose(model);
    }
  });

  it("a fine-tuning split: the prefix from pixels, the suffix from the prefix's output", async () => {
    const model = buildBackbone('VGG16', { imageSize: 64, seed: 5 });
    const { prefix, suffix } = splitModelAt(model, 'block4_conv1');
    try {
      const mapped = await expectAgreement(prefix, { preprocessing: 'caffe' }, pixels(4, 64));
      expect(mapped.shape).toEqual([8, 8, 256]);
      const { shape } = await expectAgreement(suffix, { pooled: true }, mapped.rows);
      expect(shape).toEqual([512]);
    } finally {
      dispose(model);
    }
  });

  it('a whole classifier: backbone, pooling, dropout and the softmax head', async () => {
    const backbone = buildBackbone('MOBILENET_V2', { imageSize: 64, alpha: 0.5, seed: 9 });
    randomizeBatchNorms(backbone);
    const classifier = buildTransferClassifier({ backbone, numClasses: 4, dropout: 0.3, seed: 2 });
    try {
      const { rows } = await expectAgreement(classifier.full, { preprocessing: 'tf' }, pixels(3, 64));
      rows.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    } finally {
      dispose(classifier.full);
    }
  });
});

describe('when ONNX Runtime cannot run a network', () => {
  afterEach(() => setFrozenEngine('auto'));
  const withUpSampling = () => {
    const input = tf.input({ shape: [8, 8, 3] });
    return tf.model({ inputs: input, outputs: tf.layers.upSampling2d({ size: [2, 2], name: 'grow' }).apply(input) as tf.SymbolicTensor });
  };

  it('names the layer it cannot translate', () => {
    expect(() => layersToOnnx(withUpSampling())).toThrow(UnsupportedLayerError);
    expect(() => layersToOnnx(withUpSampling())).toThrow("layer 'grow' is a UpSampling2D, which has no ONNX translation");
  });

  it("falls back to TensorFlow.js on 'auto', saying why, and refuses when ONNX Runtime was required", async () => {
    const network = await createFrozenNetwork(withUpSampling(), { preprocessing: 'rescale' });
    expect(network.engine).toBe('tensorflow.js');
    expect(network.fallbackReason).toMatch(/UpSampling2D/);
    const [row] = await runFrozenRows(network, [new Uint8Array(8 * 8 * 3).fill(255)], 1);
    expect(row).toHaveLength(16 * 16 * 3);
    expect(row!.every((v) => v === 1)).toBe(true);
    setFrozenEngine('onnxruntime');
    await expect(createFrozenNetwork(withUpSampling(), { preprocessing: 'rescale' })).rejects.toThrow(UnsupportedLayerError);
  });
});
