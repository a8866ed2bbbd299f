import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDataset } from '../src/data/read-dataset';
import { imagePredictions } from '../src/evaluation/image-predictions';
import type { Evaluation } from '../src/evaluation/metrics';
import { PREDICTION_TOP_K, PREDICTIONS_FORMAT, type ImagePrediction } from '../src/evaluation/prediction-format';
import { saveModel } from '../src/model-files/save-model';
import { trainClassifier } from '../src/training/train-classifier';
import { useShapesDataset } from './training-fixtures';

/** The confusion matrix the records imply: rows true, columns predicted, in class order. */
function confusionOf(records: ImagePrediction[], classes: string[]): number[][] {
  const m = classes.map(() => classes.map(() => 0));
  for (const r of records) m[classes.indexOf(r.trueClass)]![classes.indexOf(r.predictedClass)]! += 1;
  return m;
}

describe('imagePredictions', () => {
  it('keeps the true class, the argmax, the clipped cross-entropy and the top 3, most likely first', () => {
    const rows = [new Float32Array([0.1, 0.6, 0.2, 0.1]), new Float32Array([0, 0, 1, 0])];
    const got = imagePredictions(rows, [0, 1], ['a'.repeat(64), 'b'.repeat(64)], ['w', 'x', 'y', 'z'], 'val');
    expect(got[0]).toMatchObject({ sha256: 'a'.repeat(64), split: 'val', trueClass: 'w', predictedClass: 'x' });
    expect(got[0]!.loss).toBeCloseTo(-Math.log(0.1), 5);
    expect(got[0]!.topK.map((t) => t.className)).toEqual(['x', 'y', 'w']);
    expect(got[0]!.topK[0]!.probability).toBeCloseTo(0.6, 6);
    // A probability of 0 for the true class gives a large finite loss, as Keras's clip does.
    expect(got[1]!.loss).toBeCloseTo(-Math.log(1e-7), 3);
    expect(got[1]!.topK).toHaveLength(PREDICTION_TOP_K);
  });

  it('refuses rows that do not line up with labels and hashes', () => {
    expect(() => imagePredictions([new Float32Array([1, 0])], [0, 1], ['a', 'b'], ['p', 'q'], 'val')).toThrow('one probability row');
  });
});

describe('the predictions a trained model is saved with', () => {
  const flat = useShapesDataset({ imagesPerClass: 15 });

  it('has one record per validation and test image, agreeing with the evaluation, and saveModel writes it as predictions.json', async () => {
    const before = tf.memory().numTensors;
    const result = await trainClassifier({
      datasetDir: flat.dir,
      config: { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 8, epochs: 3, seed: 4, testSplit: 0.2 },
    });
    const out = await mkdtemp(join(tmpdir(), 'transferlab-predictions-'));
    try {
      const { images } = result.predictions;
      const classes = result.metadata.classes;
      const bySplit = (split: 'val' | 'test') => images.filter((r) => r.split === split);
      expect(bySplit('val')).toHaveLength(result.dataset.valCount);
      expect(bySplit('test')).toHaveLength(result.dataset.testCount);
      // The records are the evaluation's own: the same confusion matrix, cell by cell.
      expect(confusionOf(bySplit('val'), classes)).toEqual((result.metadata.evaluation as Evaluation).confusionMatrix);
      expect(confusionOf(bySplit('test'), classes)).toEqual((result.metadata.testEvaluation as Evaluation).confusionMatrix);
      // Each record names its image by the file's content hash, in the split it was evaluated in.
      const index = await scanDataset(flat.dir, { validationSplit: 0.2, testSplit: 0.2, seed: 4 });
      expect(new Set(bySplit('val').map((r) => r.sha256))).toEqual(new Set(index.val.map((e) => e.sha256)));
      expect(new Set(bySplit('test').map((r) => r.sha256))).toEqual(new Set(index.test.map((e) => e.sha256)));
      for (const r of images) {
        expect(r.topK[0]!.className).toBe(r.predictedClass);
        const ofTrue = r.topK.find((t) => t.className === r.trueClass);
        if (ofTrue) expect(r.loss).toBeCloseTo(-Math.log(Math.max(ofTrue.probability, 1e-7)), 4);
      }

      await saveModel(join(out, 'm'), result.model, result.metadata, result.predictions);
      expect((await readdir(join(out, 'm'))).sort()).toEqual(['metadata.json', 'model.json', 'predictions.json', 'weights.bin']);
      const saved = JSON.parse(await readFile(join(out, 'm', 'predictions.json'), 'utf8'));
      expect(saved.format).toBe(PREDICTIONS_FORMAT);
      expect(saved.images).toHaveLength(result.dataset.valCount + result.dataset.testCount);
    } finally {
      result.dispose();
      await rm(out, { recursive: true, force: true });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
