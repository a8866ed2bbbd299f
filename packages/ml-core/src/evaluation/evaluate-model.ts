import { DatasetError } from '../data/errors';
import { loadImages } from '../data/load-images';
import { scanDataset } from '../data/read-dataset';
import type { LoadedModel } from '../model-files/load-model';
import { predictedProbabilities } from '../predict';
import { evaluatePredictions, type Evaluation } from './metrics';

export interface DatasetEvaluation extends Evaluation {
  /** Which images were evaluated: the folder's test/ split, its val/ split, or every image. */
  split: 'test' | 'val' | 'all';
  /**
   * The folder holds the very images the model was trained on (its hash is metadata.json's):
   * unless `split` is `test`, these numbers are not a held-out measure.
   */
  trainedOn: boolean;
  skipped: { path: string; reason: string }[];
}

/**
 * Evaluates a saved model on a dataset folder: its `test/` split when it has one, else its `val/`
 * split, otherwise every image (a held-out test folder). Class folders are matched to the model's
 * classes by name.
 */
export async function evaluateModel(loaded: LoadedModel, datasetDir: string, options: { batchSize?: number; maxInputPixels?: number } = {}): Promise<DatasetEvaluation> {
  const { metadata } = loaded;
  const index = await scanDataset(datasetDir, { validationSplit: 0, seed: 0 });
  const unknown = index.classNames.filter((c) => !metadata.classes.includes(c));
  if (unknown.length) {
    throw new DatasetError(
      'SPLIT_CLASS_MISMATCH',
      `${datasetDir} has classes the model does not know: ${unknown.join(', ')}. The model was trained on: ${metadata.classes.join(', ')}.`,
    );
  }
  const split = index.test.length ? 'test' : index.val.length ? 'val' : 'all';
  const entries = { test: index.test, val: index.val, all: index.train }[split];
  const images = await loadImages(entries, { size: metadata.imageSize, classNames: index.classNames, maxInputPixels: options.maxInputPixels });
  const labels = images.entries.map((e) => metadata.classes.indexOf(index.classNames[e.classIndex]!));
  const probs = await predictedProbabilities(loaded, images.pixels, options.batchSize ?? 16);
  // Models saved before the hash was recorded have none: nothing to compare, so nothing claimed.
  const trainedOn = metadata.datasetHash === index.hash;
  return { ...evaluatePredictions(probs, labels, metadata.classes), split, trainedOn, skipped: [...index.skipped, ...images.skipped] };
}
