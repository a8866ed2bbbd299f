import { DatasetError } from '../data/errors';
import { loadImages } from '../data/load-images';
import { scanDataset } from '../data/read-dataset';
import type { LoadedModel } from '../model-files/load-model';
import { predictedProbabilities } from '../predict';
import { evaluatePredictions, type Evaluation } from './metrics';

/**
 * Evaluates a saved model on a dataset folder: its `val/` split when it has one, otherwise every
 * image (a held-out test folder). Class folders are matched to the model's classes by name.
 */
export async function evaluateModel(loaded: LoadedModel, datasetDir: string, options: { batchSize?: number; maxInputPixels?: number } = {}): Promise<Evaluation & { skipped: { path: string; reason: string }[] }> {
  const { metadata } = loaded;
  const index = await scanDataset(datasetDir, { validationSplit: 0, seed: 0 });
  const unknown = index.classNames.filter((c) => !metadata.classes.includes(c));
  if (unknown.length) {
    throw new DatasetError(
      'SPLIT_CLASS_MISMATCH',
      `${datasetDir} has classes the model does not know: ${unknown.join(', ')}. The model was trained on: ${metadata.classes.join(', ')}.`,
    );
  }
  const entries = index.val.length ? index.val : index.train;
  const images = await loadImages(entries, { size: metadata.imageSize, classNames: index.classNames, maxInputPixels: options.maxInputPixels });
  const labels = images.entries.map((e) => metadata.classes.indexOf(index.classNames[e.classIndex]!));
  const probs = await predictedProbabilities(loaded, images.pixels, options.batchSize ?? 16);
  return { ...evaluatePredictions(probs, labels, metadata.classes), skipped: [...index.skipped, ...images.skipped] };
}
