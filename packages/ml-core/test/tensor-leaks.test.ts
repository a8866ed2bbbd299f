import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { embedImages } from '../src/embed';
import { evaluateModel } from '../src/evaluation/evaluate-model';
import { setFrozenEngine } from '../src/onnx/frozen-network';
import { disposeModelWeights, trainClassifier } from '../src/training/train-classifier';
import { useShapesDataset } from './training-fixtures';

// The cached-feature paths are guarded in train-strategies, training-loop and resume; these are
// the paths where frozen networks run every batch (augmentation) and the standalone entry points.
describe('no tensor is left behind', () => {
  const dataset = useShapesDataset({ imagesPerClass: 8 });
  afterAll(() => setFrozenEngine('auto'));

  it.each(['onnxruntime', 'tensorflow.js'] as const)('FINE_TUNE with augmentation: frozen layers every batch in both phases, frozen part on %s', async (engine) => {
    setFrozenEngine(engine);
    const logs: string[] = [];
    const before = tf.memory().numTensors;
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config: { strategy: 'FINE_TUNE', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 8, epochs: 2, fineTuneEpochs: 1, unfreezeFrom: 'block5_conv3', augmentation: { flip: true, zoom: 0.1 }, testSplit: 0.25, seed: 3 },
      callbacks: { onLog: (m) => logs.push(m) },
    });
    try {
      // Both phases ran their frozen part per batch, and the test split went through it too.
      expect(logs.filter((l) => l.endsWith(', every batch'))).toHaveLength(2);
      expect(result.metrics.map((m) => m.phase)).toEqual(['FEATURE_EXTRACTION', 'FEATURE_EXTRACTION', 'FINE_TUNE']);
      expect(result.metadata.testEvaluation!.count).toBe(6);
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('evaluateModel and embedImages', async () => {
    const trained = await trainClassifier({ datasetDir: dataset.dir, config: { strategy: 'BASELINE', imageSize: 32, batchSize: 8, epochs: 1, seed: 3 } });
    try {
      const before = tf.memory().numTensors;
      const e = await evaluateModel({ model: trained.model, metadata: trained.metadata }, dataset.dir);
      expect(e.count).toBe(24);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      disposeModelWeights(trained.model);
    }
    const images = await Promise.all(['circles/circles_000.png', 'stripes/stripes_001.jpg'].map((f) => readFile(join(dataset.dir, f))));
    const before = tf.memory().numTensors;
    const { vectors } = await embedImages(images, { backbone: 'VGG16', imageSize: 32, weights: 'none', cacheDir: '/nonexistent-weights-cache' });
    expect(vectors).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});
