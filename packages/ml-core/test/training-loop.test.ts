import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVgg16 } from '../src/backbones/vgg16';
import { FeatureCache } from '../src/training/feature-cache';
import { writeKerasH5Weights } from '../src/weights/keras-h5';
import { trainClassifier } from '../src/training/train-classifier';
import { makeShapesDataset } from './training-fixtures';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('training loop', () => {
  let dataset: Awaited<ReturnType<typeof makeShapesDataset>>;
  // Validation labels rotated between the classes: the better the model learns the training
  // images, the worse its validation loss gets, so later epochs are reliably worse.
  let rotated: Awaited<ReturnType<typeof makeShapesDataset>>;
  beforeAll(async () => {
    dataset = await makeShapesDataset({ imagesPerClass: 15, valFraction: 0.3 });
    rotated = await makeShapesDataset({ imagesPerClass: 15, valFraction: 0.3 });
    const val = (name: string) => join(rotated.dir, 'val', name);
    await rename(val('circles'), val('tmp'));
    await rename(val('squares'), val('circles'));
    await rename(val('stripes'), val('squares'));
    await rename(val('tmp'), val('stripes'));
  });
  afterAll(async () => {
    await dataset.cleanup();
    await rotated.cleanup();
  });

  const fe = { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 8 } as const;

  it('restores the best epoch\'s weights when later epochs are worse', async () => {
    const result = await trainClassifier({ datasetDir: rotated.dir, config: { ...fe, epochs: 8, learningRate: 0.05, seed: 11 } });
    try {
      const valLosses = result.metrics.map((m) => m.valLoss!);
      const bestIndex = valLosses.indexOf(Math.min(...valLosses));
      expect(valLosses[valLosses.length - 1]).toBeGreaterThan(valLosses[bestIndex]!);
      expect(result.metadata.metrics.bestEpoch).toEqual({ phase: 'FEATURE_EXTRACTION', epoch: bestIndex + 1 });
      // The saved evaluation comes from the restored weights: it matches the best epoch's row.
      expect(result.metadata.metrics.valAccuracy).toBeCloseTo(result.metrics[bestIndex]!.valAccuracy!, 6);
      expect(result.metadata.metrics.valLoss).toBeCloseTo(valLosses[bestIndex]!, 6);
    } finally {
      result.dispose();
    }
  });

  it('stops early after `patience` epochs without improvement, keeping the best weights', async () => {
    const result = await trainClassifier({ datasetDir: rotated.dir, config: { ...fe, epochs: 40, learningRate: 0.05, earlyStoppingPatience: 2, seed: 11 } });
    try {
      expect(result.end).toBe('early-stopping');
      expect(result.metrics.length).toBeLessThan(40);
      const best = result.metadata.metrics.bestEpoch!;
      expect(result.metrics.length).toBe(best.epoch + 2);
    } finally {
      result.dispose();
    }
  });

  it('reduces the learning rate on a plateau', async () => {
    const logs: string[] = [];
    const result = await trainClassifier({
      datasetDir: rotated.dir,
      config: { ...fe, epochs: 6, learningRate: 0.05, reduceLrPatience: 1, seed: 11 },
      callbacks: { onLog: (m) => logs.push(m) },
    });
    try {
      const rates = result.metrics.map((m) => m.learningRate);
      expect(Math.min(...rates)).toBeLessThan(0.05);
      expect(rates.every((r, i) => i === 0 || r <= rates[i - 1]!)).toBe(true);
      expect(logs.some((l) => l.includes('(plateau)'))).toBe(true);
    } finally {
      result.dispose();
    }
  });

  it('computes each image\'s backbone features once, and reuses them in the next run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'transferlab-cache-'));
    try {
      // Fixed weights from a file: features depend on them, so they can be shared across runs.
      const backbone = buildVgg16({ imageSize: 32 });
      const weightsPath = join(dir, 'vgg16.h5');
      await writeKerasH5Weights(backbone, weightsPath, { layout: 'keras2' });
      backbone.weights.forEach((w) => w.dispose());
      const withFile = (imageSize: number, seed: number, epochs: number) =>
        trainClassifier({
          datasetDir: dataset.dir,
          config: { ...fe, imageSize, epochs, seed },
          weights: { source: { path: weightsPath }, cacheDir: dir },
          featureCache: new FeatureCache(join(dir, 'features')),
        });
      const first = await withFile(32, 1, 3);
      first.dispose();
      expect(first.featureCache).toEqual({ hits: 0, misses: 45, used: true });
      // A new cache object over the same folder: features come from disk, none is recomputed.
      const second = await withFile(32, 2, 3);
      second.dispose();
      expect(second.featureCache).toEqual({ hits: 45, misses: 0, used: true });
      // Another image size means other features: nothing may be reused.
      const third = await withFile(48, 2, 1);
      third.dispose();
      expect(third.featureCache.hits).toBe(0);
      // Random weights differ every run, so their features are never shared.
      const random = await trainClassifier({ datasetDir: dataset.dir, config: { ...fe, epochs: 1, seed: 2 }, featureCache: new FeatureCache(join(dir, 'features')) });
      random.dispose();
      expect(random.featureCache).toEqual({ hits: 0, misses: 45, used: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says when augmentation prevents the feature cache, and trains on fresh pixels', async () => {
    const logs: string[] = [];
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config: { ...fe, epochs: 2, augmentation: { flip: true, rotationDegrees: 10 }, seed: 3 },
      callbacks: { onLog: (m) => logs.push(m) },
    });
    result.dispose();
    expect(result.featureCache.used).toBe(false);
    expect(logs.some((l) => l.includes('cannot be cached'))).toBe(true);
  });

  it('stops at the next batch when aborted, with no leaked tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let batches = 0;
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config: { strategy: 'BASELINE', imageSize: 32, batchSize: 4, epochs: 50, seed: 1 },
      signal: controller.signal,
      callbacks: {
        onBatchEnd: () => {
          if (++batches === 3) controller.abort();
        },
      },
    });
    result.dispose();
    expect(result.end).toBe('canceled');
    expect(batches).toBe(3);
    expect(result.metrics).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports batch progress and one metric row per epoch with the contract\'s fields', async () => {
    const progress: { epoch: number; batch: number; batches: number }[] = [];
    const epochs: unknown[] = [];
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config: { ...fe, epochs: 2, seed: 4 },
      callbacks: { onBatchEnd: (p) => progress.push(p), onEpochEnd: (m) => void epochs.push(m) },
    });
    result.dispose();
    expect(progress.filter((p) => p.epoch === 1).map((p) => p.batch)).toEqual([1, 2, 3, 4]);
    expect(progress[0]!.batches).toBe(4);
    expect(epochs).toHaveLength(2);
    expect(epochs[0]).toMatchObject({ phase: 'FEATURE_EXTRACTION', epoch: 1, learningRate: 0.001 });
    for (const key of ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'durationMs', 'imagesPerSecond']) {
      expect(typeof (epochs[0] as Record<string, unknown>)[key]).toBe('number');
    }
    expect((epochs[0] as { at: unknown }).at).toBeInstanceOf(Date);
  });
});
