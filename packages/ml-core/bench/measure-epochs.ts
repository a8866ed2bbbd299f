import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  buildBackbone,
  describeBackend,
  FeatureCache,
  generateDemoDataset,
  selectBackend,
  trainClassifier,
  writeKerasH5Weights,
  type TrainConfigInput,
  type WeightsSource,
} from '../src/index';
import { round, type EpochsLine, type TrainingRun } from './bench-lines';
import type { BenchOptions, EpochBackend } from './bench-options';

/**
 * Child task: FEATURE_EXTRACTION epochs on a generated dataset, VGG16 with random weights,
 * (a) without augmentation, where each image goes through the backbone once and the head trains
 * on cached features (then again with the same cache: all hits; and with a new cache on the same
 * folder, as a new process would), and (b) with a flip, which forces the backbone to run on every
 * image every epoch.
 */
export async function measureEpochs(options: BenchOptions, backend: EpochBackend, imageSize: number): Promise<EpochsLine> {
  const info = await selectBackend({ prefer: backend });
  const dir = await mkdtemp(join(tmpdir(), 'transferlab-bench-'));
  // The parent stops a child that overruns its timeout with SIGTERM; leave no dataset behind.
  const onTerminate = () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(143);
  };
  process.once('SIGTERM', onTerminate);
  try {
    const datasetDir = join(dir, 'dataset');
    await generateDemoDataset({ dir: datasetDir, classes: options.classes, imagesPerClass: options.imagesPerClass, imageSize, seed: 7 });
    // trainClassifier keeps features of `weights: none` private to the run (each run draws new
    // weights), so the runs share one set of random weights through a file instead: the cache key
    // is then the file's hash, as it is for ImageNet weights, and loading it costs what theirs does.
    const weightsFile = join(dir, 'vgg16-random.h5');
    const randomBackbone = buildBackbone('VGG16', { imageSize });
    let weightsSha256: string;
    try {
      ({ sha256: weightsSha256 } = await writeKerasH5Weights(randomBackbone, weightsFile, { layout: 'legacy' }));
    } finally {
      randomBackbone.dispose();
    }
    const config: TrainConfigInput = { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize, epochs: options.epochs, seed: 1 };
    const weights = { source: { path: weightsFile }, cacheDir: join(dir, 'weights') };

    const cacheDir = join(dir, 'feature-cache');
    const featureCache = new FeatureCache(cacheDir);
    const firstRun = await timedRun({ datasetDir, config, weights, featureCache });
    const secondRun = await timedRun({ datasetDir, config, weights, featureCache });
    const freshInstanceRun = await timedRun({ datasetDir, config, weights, featureCache: new FeatureCache(cacheDir) });
    const augmentation = { flip: true };
    const augmented = await timedRun({ datasetDir, config: { ...config, augmentation }, weights });

    return {
      type: 'epochs',
      backend: info.kind,
      description: describeBackend(info),
      imageSize,
      backbone: 'VGG16',
      weights: `random, written once to a Keras .h5 (sha256 ${weightsSha256.slice(0, 12)}) and loaded by every run`,
      dataset: { classes: options.classes, imagesPerClass: options.imagesPerClass, train: firstRun.trainCount, val: firstRun.valCount },
      batchSize: firstRun.batchSize,
      epochs: options.epochs,
      cached: { firstRun: firstRun.run, secondRun: secondRun.run, freshInstanceRun: freshInstanceRun.run },
      augmented: { augmentation, ...augmented.run },
      ratio: {
        uncachedOverCachedEpoch: firstRun.run.meanEpochMs > 0 ? round(augmented.run.meanEpochMs / firstRun.run.meanEpochMs, 1) : null,
        uncachedOverCachedRunTotal: round(augmented.run.totalMs / firstRun.run.totalMs, 2),
      },
    };
  } finally {
    process.off('SIGTERM', onTerminate);
    await rm(dir, { recursive: true, force: true });
  }
}

async function timedRun(args: {
  datasetDir: string;
  config: TrainConfigInput;
  weights: { source: WeightsSource; cacheDir: string };
  featureCache?: FeatureCache;
}): Promise<{ run: TrainingRun; trainCount: number; valCount: number; batchSize: number }> {
  const tensorsBefore = tf.memory().numTensors;
  // trainClassifier logs when the backbone is ready and when the features are in the cache; the
  // time between the two is the feature pass (computing misses, looking up hits).
  const marks: { backboneReady?: number; featuresReady?: number } = {};
  const start = performance.now();
  const result = await trainClassifier({
    ...args,
    callbacks: {
      onLog: (message) => {
        if (message.startsWith('backbone ')) marks.backboneReady = performance.now();
        if (message.startsWith('feature cache:')) marks.featuresReady = performance.now();
      },
    },
  });
  const totalMs = performance.now() - start;
  let measured: { run: TrainingRun; trainCount: number; valCount: number; batchSize: number };
  try {
    const epochs = result.metrics.map((m) => ({ epoch: m.epoch, durationMs: m.durationMs, imagesPerSecond: round(m.imagesPerSecond, 1) }));
    const { backboneReady, featuresReady } = marks;
    const featureMs = backboneReady !== undefined && featuresReady !== undefined ? featuresReady - backboneReady : null;
    const computed = result.featureCache.misses;
    measured = {
      run: {
        totalMs: Math.round(totalMs),
        featureCache: result.featureCache,
        featureMs: featureMs === null ? null : Math.round(featureMs),
        featureImagesPerSecond: featureMs !== null && computed > 0 ? round(computed / (featureMs / 1000), 1) : null,
        epochs,
        meanEpochMs: round(epochs.reduce((sum, e) => sum + e.durationMs, 0) / Math.max(1, epochs.length), 1),
        leakedTensors: 0,
      },
      trainCount: result.dataset.trainCount,
      valCount: result.dataset.valCount,
      batchSize: result.metadata.config.batchSize,
    };
  } finally {
    result.dispose();
  }
  measured.run.leakedTensors = tf.memory().numTensors - tensorsBefore;
  return measured;
}
