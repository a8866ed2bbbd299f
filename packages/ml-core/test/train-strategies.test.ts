import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config';
import { setFrozenEngine } from '../src/onnx/frozen-network';
import { trainClassifier } from '../src/training/train-classifier';
import { makeShapesDataset, useShapesDataset, WELL_ABOVE_CHANCE } from './training-fixtures';

describe('each strategy learns a generated dataset', () => {
  const dataset = useShapesDataset({ imagesPerClass: 30, valFraction: 0.3 });

  it("BASELINE: the recipe's small CNN from scratch, on pixels 0..255 (it rescales them itself)", async () => {
    const before = tf.memory().numTensors;
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config: { strategy: 'BASELINE', imageSize: 32, batchSize: 16, epochs: 12, learningRate: 0.003, seed: 1 },
    });
    try {
      expect(result.metrics.map((m) => m.phase)).toEqual(new Array(12).fill('BASELINE'));
      expect(result.metadata.evaluation!.accuracy).toBeGreaterThan(WELL_ABOVE_CHANCE);
      expect(result.metadata.preprocessing).toBe('none');
      // No backbone, so no features to cache.
      expect(result.metadata.featureCache).toBeNull();
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('FEATURE_EXTRACTION: frozen VGG16 (random weights), new head on cached features', async () => {
    const before = tf.memory().numTensors;
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config: { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 16, epochs: 15, learningRate: 0.01, seed: 1 },
    });
    try {
      expect(result.featureCache.used).toBe(true);
      expect(result.metadata.evaluation!.accuracy).toBeGreaterThan(WELL_ABOVE_CHANCE);
      expect(result.metadata).toMatchObject({ backbone: 'VGG16', preprocessing: 'caffe', strategy: 'FEATURE_EXTRACTION' });
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('FINE_TUNE: feature extraction, then VGG16 block5 unfrozen at a lower learning rate', async () => {
    const before = tf.memory().numTensors;
    const logs: string[] = [];
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config: {
        strategy: 'FINE_TUNE',
        backbone: 'VGG16',
        pretrained: false,
        imageSize: 32,
        batchSize: 16,
        epochs: 12,
        fineTuneEpochs: 4,
        learningRate: 0.05,
        fineTuneLearningRate: 0.001,
        seed: 1,
      },
      callbacks: { onLog: (m) => logs.push(m) },
    });
    try {
      const phases = result.metrics.map((m) => `${m.phase}:${m.epoch}`);
      expect(phases).toEqual([...Array.from({ length: 12 }, (_, i) => `FEATURE_EXTRACTION:${i + 1}`), ...Array.from({ length: 4 }, (_, i) => `FINE_TUNE:${i + 1}`)]);
      expect(result.metrics.filter((m) => m.phase === 'FINE_TUNE').every((m) => m.learningRate === 0.001)).toBe(true);
      expect(logs.some((l) => l.includes('fine-tuning from block5_conv1'))).toBe(true);
      // Frozen layers and VGG16's unfrozen block run on ONNX Runtime here (it loads on these machines).
      expect(logs).toContain('unfrozen layers on onnxruntime');
      expect(logs.some((l) => /frozen layers \(.*\) on onnxruntime/.test(l))).toBe(true);
      expect(result.timings.phases.map((p) => [p.phase, p.epochs])).toEqual([['FEATURE_EXTRACTION', 12], ['FINE_TUNE', 4]]);
      expect(result.metadata.evaluation!.accuracy).toBeGreaterThan(WELL_ABOVE_CHANCE);
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fine-tuning on TensorFlow.js alone', () => {
  let dataset: Awaited<ReturnType<typeof makeShapesDataset>>;
  beforeAll(async () => {
    dataset = await makeShapesDataset({ imagesPerClass: 14, valFraction: 0.3 });
    setFrozenEngine('tensorflow.js');
  });
  afterAll(async () => {
    setFrozenEngine('auto');
    await tf.setBackend('wasm');
    await dataset.cleanup();
  });

  // WASM trains convolutions with ml-core's gradient kernels; src/backend/wasm-conv-gradients.test.ts
  // checks them against the plain JS backend's reference kernels. (Training this run on the plain JS
  // backend as well took minutes and showed nothing those checks do not.)
  it('fine-tunes VGG16 with its unfrozen layers on TensorFlow.js (WASM), leaking nothing', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const logs: string[] = [];
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config: { strategy: 'FINE_TUNE', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 16, epochs: 10, fineTuneEpochs: 4, unfreezeFrom: 'block5_conv3', learningRate: 0.05, fineTuneLearningRate: 0.001, seed: 2 },
      callbacks: { onLog: (m) => logs.push(m) },
    });
    try {
      expect(logs.some((l) => l.startsWith('unfrozen layers on tensorflow.js'))).toBe(true);
      expect(result.metadata.evaluation!.accuracy).toBeGreaterThan(WELL_ABOVE_CHANCE);
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fine-tuning configuration', () => {
  it('refuses an unfreezeFrom the backbone does not have before any slow work, naming the valid blocks', async () => {
    const dataset = await makeShapesDataset({ imagesPerClass: 4 });
    try {
      const started = Date.now();
      const error = await trainClassifier({
        datasetDir: dataset.dir,
        config: { strategy: 'FINE_TUNE', backbone: 'VGG16', pretrained: false, imageSize: 32, unfreezeFrom: 'block9' },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues[0]).toMatchObject({ field: 'unfreezeFrom' });
      expect((error as Error).message).toMatch(/block1, block2, block3, block4, block5/);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await dataset.cleanup();
    }
  });
});
