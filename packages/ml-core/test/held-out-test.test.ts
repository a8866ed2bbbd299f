import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { scanDataset } from '../src/data/read-dataset';
import { evaluateModel } from '../src/evaluation/evaluate-model';
import { disposeModelWeights, trainClassifier } from '../src/training/train-classifier';
import { makeShapesDataset, useShapesDataset, WELL_ABOVE_CHANCE } from './training-fixtures';

const fe = { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 16, epochs: 15, learningRate: 0.01, seed: 1 } as const;

describe('a test split that nothing is chosen on', () => {
  const flat = useShapesDataset({ imagesPerClass: 30 });

  it('testSplit: evaluates the kept epoch once on held-out images and records it beside the validation numbers', async () => {
    const before = tf.memory().numTensors;
    const result = await trainClassifier({ datasetDir: flat.dir, config: { ...fe, testSplit: 0.2 } });
    try {
      // 30 a class: 6 test, 6 validation, 18 training; every image on one side.
      expect([result.dataset.trainCount, result.dataset.valCount, result.dataset.testCount]).toEqual([54, 18, 18]);
      const test = result.metadata.testEvaluation!;
      expect(test.count).toBe(18);
      expect(test.classMetrics.map((c) => c.support)).toEqual([6, 6, 6]);
      expect(test.accuracy).toBeGreaterThan(WELL_ABOVE_CHANCE);
      expect(result.testEvaluation).toEqual(test);
      expect(result.metadata.evaluation!.count).toBe(18);
      expect(result.metadata.config.testSplit).toBe(0.2);
      // The dataset is recorded by content, as scanDataset hashes it.
      expect(result.metadata.datasetHash).toBe((await scanDataset(flat.dir)).hash);
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without a test split, records none', async () => {
    const result = await trainClassifier({ datasetDir: flat.dir, config: { ...fe, epochs: 2 } });
    try {
      expect(result.metadata.testEvaluation).toBeNull();
      expect(result.dataset.testCount).toBe(0);
    } finally {
      result.dispose();
    }
  });
});

describe('a test/ folder next to train/ and val/', () => {
  it('FINE_TUNE evaluates on test/ (through the cached frozen prefix), and evaluateModel knows the dataset it was trained on', async () => {
    const dataset = await makeShapesDataset({ imagesPerClass: 20, valFraction: 0.3, seed: 8 });
    const other = await makeShapesDataset({ imagesPerClass: 4, seed: 12 });
    try {
      // Move 4 training images a class into test/.
      for (const cls of ['circles', 'squares', 'stripes']) {
        await mkdir(join(dataset.dir, 'test', cls), { recursive: true });
        for (let i = 6; i < 10; i++) {
          const name = `${cls}_${String(i).padStart(3, '0')}`;
          const from = ['png', 'jpg'].map((ext) => join(dataset.dir, 'train', cls, `${name}.${ext}`));
          for (const path of from) await rename(path, join(dataset.dir, 'test', cls, path.split('/').pop()!)).catch(() => undefined);
        }
      }
      const before = tf.memory().numTensors;
      const result = await trainClassifier({
        datasetDir: dataset.dir,
        config: { ...fe, strategy: 'FINE_TUNE', epochs: 10, fineTuneEpochs: 2, learningRate: 0.05, fineTuneLearningRate: 0.001 },
      });
      try {
        expect(result.dataset.testCount).toBe(12);
        expect(result.metadata.testEvaluation!.count).toBe(12);
        expect(result.metadata.testEvaluation!.accuracy).toBeGreaterThan(WELL_ABOVE_CHANCE);
        const loaded = { model: result.model, metadata: result.metadata };
        const same = await evaluateModel(loaded, dataset.dir);
        // The folder's test/ split is what evaluate measures: held out, though the folder is the training one.
        expect(same).toMatchObject({ split: 'test', trainedOn: true, count: 12 });
        expect(same.accuracy).toBeCloseTo(result.metadata.testEvaluation!.accuracy, 6);
        await rm(join(dataset.dir, 'test'), { recursive: true });
        // Without test/, the images that remain are not the dataset trained on (its hash differs) …
        expect(await evaluateModel(loaded, dataset.dir)).toMatchObject({ split: 'val', trainedOn: false });
        // … and other images are not either.
        expect(await evaluateModel(loaded, other.dir)).toMatchObject({ split: 'all', trainedOn: false });
      } finally {
        result.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await dataset.cleanup();
      await other.cleanup();
    }
  });

  it('evaluateModel says when it is given the very images a model was trained and selected on', async () => {
    const dataset = await makeShapesDataset({ imagesPerClass: 8, valFraction: 0.25, seed: 9 });
    try {
      const result = await trainClassifier({ datasetDir: dataset.dir, config: { ...fe, epochs: 2 } });
      try {
        const e = await evaluateModel({ model: result.model, metadata: result.metadata }, dataset.dir);
        expect(e).toMatchObject({ split: 'val', trainedOn: true, count: 6 });
      } finally {
        disposeModelWeights(result.model);
      }
    } finally {
      await dataset.cleanup();
    }
  });
});
