import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../src/data/errors';
import { evaluateModel } from '../src/evaluation/evaluate-model';
import { loadModel, ModelFilesError } from '../src/model-files/load-model';
import { saveModel } from '../src/model-files/save-model';
import { predictImages } from '../src/predict';
import { disposeModelWeights, trainClassifier, type TrainResult } from '../src/training/train-classifier';
import { makeShapesDataset } from './training-fixtures';

describe('model files', () => {
  let dataset: Awaited<ReturnType<typeof makeShapesDataset>>;
  let out: string;
  let trained: TrainResult;
  beforeAll(async () => {
    dataset = await makeShapesDataset({ imagesPerClass: 12 });
    out = await mkdtemp(join(tmpdir(), 'transferlab-model-'));
    trained = await trainClassifier({
      datasetDir: dataset.dir,
      config: { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 8, epochs: 3, seed: 5 },
    });
    await saveModel(join(out, 'm'), trained.model, trained.metadata);
  });
  afterAll(async () => {
    trained.dispose();
    await dataset.cleanup();
    await rm(out, { recursive: true, force: true });
  });

  it('writes TensorFlow.js layers files and metadata with everything needed to use the model', async () => {
    expect((await readdir(join(out, 'm'))).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const modelJson = JSON.parse(await readFile(join(out, 'm', 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const meta = JSON.parse(await readFile(join(out, 'm', 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({ classes: ['circles', 'squares', 'stripes'], imageSize: 32, backbone: 'VGG16', preprocessing: 'caffe', strategy: 'FEATURE_EXTRACTION' });
    expect(meta.weights).toEqual({ kind: 'none', hash: 'random' });
    expect(meta.config.seed).toBe(5);
    expect(meta.evaluation.confusionMatrix).toHaveLength(3);
    expect(meta.metrics.epochs).toHaveLength(3);
  });

  it('predicts identically after loading, without leaking tensors', async () => {
    const files = ['circles/circles_000.png', 'squares/squares_001.jpg', 'stripes/stripes_002.png'].map((f) => join(dataset.dir, f));
    const images = await Promise.all(files.map((f) => readFile(f)));
    const inMemory = await predictImages({ model: trained.model, metadata: trained.metadata }, images, { topK: 3 });
    const before = tf.memory().numTensors;
    const loaded = await loadModel(join(out, 'm'));
    const fromDisk = await predictImages(loaded, images, { topK: 3 });
    disposeModelWeights(loaded.model);
    expect(tf.memory().numTensors).toBe(before);
    expect(fromDisk.map((p) => p.map((x) => x.label))).toEqual(inMemory.map((p) => p.map((x) => x.label)));
    fromDisk.flat().forEach((p, i) => expect(p.probability).toBeCloseTo(inMemory.flat()[i]!.probability, 5));
    expect(fromDisk[0]!.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 4);
  });

  it('evaluates a saved model on a dataset folder', async () => {
    const loaded = await loadModel(join(out, 'm'));
    try {
      const e = await evaluateModel(loaded, dataset.dir);
      expect(e.count).toBe(36);
      expect(e.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(36);
      expect(e.classMetrics.map((c) => c.support)).toEqual([12, 12, 12]);
    } finally {
      disposeModelWeights(loaded.model);
    }
  });

  it('refuses a bad image with a reason', async () => {
    await expect(predictImages({ model: trained.model, metadata: trained.metadata }, [Buffer.from('not an image at all')])).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('says clearly when a folder is not a model, and a failed save keeps the earlier model', async () => {
    await expect(loadModel(dataset.dir)).rejects.toThrow(ModelFilesError);
    await writeFile(join(out, 'broken.json'), '{');
    const badModel = { save: () => Promise.reject(new Error('disk full')) } as unknown as tf.LayersModel;
    await expect(saveModel(join(out, 'm'), badModel, trained.metadata)).rejects.toThrow('disk full');
    const still = await loadModel(join(out, 'm'));
    expect(still.metadata.classes).toEqual(['circles', 'squares', 'stripes']);
    disposeModelWeights(still.model);
    expect((await readdir(out)).filter((f) => f.includes('.saving-'))).toEqual([]);
  });
});
