import { rmSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackend, FeatureCache, generateDemoDataset, saveModel, selectBackend, trainClassifier, type TrainConfigInput } from '@transferlab/ml-core';
import type { TrainTaskOptions } from './bench-options';
import { between } from './bench-lines';
import { DATASET } from './scenarios';

/**
 * Child task: the run's config through trainClassifier in a fresh process, on the images the e2e
 * fixture uploads (generateDemoDataset with the same seed). As in the worker, the backend is
 * chosen before the clock starts.
 */
export async function measureTrainingAlone(options: TrainTaskOptions) {
  const backend = await selectBackend({ prefer: 'auto' });
  const dir = await mkdtemp(join(tmpdir(), 'transferlab-worker-bench-'));
  // The parent stops an overrunning child with SIGTERM; leave no dataset behind.
  const onTerminate = () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(143);
  };
  process.once('SIGTERM', onTerminate);
  try {
    const datasetDir = join(dir, 'dataset');
    await generateDemoDataset({ dir: datasetDir, classes: DATASET.classes, imagesPerClass: options.imagesPerClass, imageSize: DATASET.imageSize, seed: DATASET.seed });
    const marks: { dataset?: number; backbone?: number; features?: number } = {};
    let lastEpochAt = 0;
    const start = Date.now();
    const result = await trainClassifier({
      datasetDir,
      config: options.config as TrainConfigInput,
      weights: { cacheDir: join(dir, 'weights') },
      featureCache: new FeatureCache(join(dir, 'feature-cache')),
      callbacks: {
        onLog: (message) => {
          if (message.startsWith('dataset: ')) marks.dataset ??= Date.now();
          if (message.startsWith('backbone ')) marks.backbone ??= Date.now();
          if (message.startsWith('feature cache: ')) marks.features ??= Date.now();
        },
        onEpochEnd: (m) => void (lastEpochAt = m.at.getTime()),
      },
    });
    const trainedAt = Date.now();
    try {
      await saveModel(join(dir, 'model'), result.model, result.metadata);
      const savedAt = Date.now();
      const modelFiles = ['model.json', 'weights.bin', 'metadata.json'];
      const sizes = await Promise.all(modelFiles.map(async (f) => (await stat(join(dir, 'model', f))).size));
      return {
        type: 'trainingAlone',
        scenario: options.scenario,
        backend: describeBackend(backend),
        dataset: { classes: DATASET.classes, imagesPerClass: options.imagesPerClass, imageSize: DATASET.imageSize, seed: DATASET.seed, train: result.dataset.trainCount, val: result.dataset.valCount },
        epochs: result.metrics.length,
        valAccuracy: result.metadata.metrics.valAccuracy,
        trainClassifierMs: trainedAt - start,
        // trainClassifier start → last epoch ended: the same window as the worker's `training`.
        untilLastEpochMs: lastEpochAt - start,
        parts: {
          decode: between(start, marks.dataset),
          backbone: between(marks.dataset, marks.backbone),
          features: between(marks.backbone, marks.features),
          epochs: between(marks.features, lastEpochAt),
          evaluate: between(lastEpochAt, trainedAt),
        },
        saveModelMs: savedAt - trainedAt,
        // What the worker uploads: the whole network, frozen backbone included.
        modelBytes: Object.fromEntries(modelFiles.map((f, i) => [f, sizes[i]])),
        epochDurationsMs: result.metrics.map((m) => m.durationMs),
      };
    } finally {
      result.dispose();
    }
  } finally {
    process.off('SIGTERM', onTerminate);
    await rm(dir, { recursive: true, force: true });
  }
}
