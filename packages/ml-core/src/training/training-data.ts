import type { TrainConfig } from '../config';
import { balancedClassWeights } from '../data/class-weights';
import type { ImageEntry, SkippedFile } from '../data/dataset-index';
import { loadImages } from '../data/load-images';
import { scanDataset } from '../data/read-dataset';

/** One split's decoded images, with labels aligned to `pixels`. */
export interface LoadedSplit {
  pixels: Uint8Array[];
  labels: number[];
  entries: ImageEntry[];
}

/** The dataset as training needs it: decoded splits, what was skipped and why, class weights. */
export interface TrainingData {
  classNames: string[];
  train: LoadedSplit;
  val: LoadedSplit;
  /** Never used to pick an epoch: only the final model is evaluated on it. */
  test: LoadedSplit;
  /** The dataset's content hash (see `DatasetIndex.hash`), recorded so `evaluate` can tell it again. */
  hash: string;
  skipped: SkippedFile[];
  warnings: string[];
  classWeights: number[] | null;
}

/** Step 1: scan the folder, split it with the seed, decode every image once. */
export async function loadTrainingData(datasetDir: string, config: TrainConfig, maxInputPixels: number | undefined, log: (message: string) => void): Promise<TrainingData> {
  const index = await scanDataset(datasetDir, { validationSplit: config.validationSplit, testSplit: config.testSplit, seed: config.seed });
  index.warnings.forEach((w) => log(`warning: ${w}`));
  const decoding = { size: config.imageSize, classNames: index.classNames, maxInputPixels };
  const load = async (entries: ImageEntry[]) => {
    const loaded = await loadImages(entries, decoding);
    return { split: { pixels: loaded.pixels, labels: loaded.entries.map((e) => e.classIndex), entries: loaded.entries }, skipped: loaded.skipped };
  };
  const train = await load(index.train);
  const val = await load(index.val);
  const test = await load(index.test);
  const skipped = [...index.skipped, ...train.skipped, ...val.skipped, ...test.skipped];
  skipped.forEach((s) => log(`skipped ${s.path}: ${s.reason}`));
  const numClasses = index.classNames.length;
  const testNote = test.split.pixels.length ? `, ${test.split.pixels.length} test images (held out)` : '';
  log(`dataset: ${numClasses} classes, ${train.split.pixels.length} training and ${val.split.pixels.length} validation images${testNote}`);
  return {
    classNames: index.classNames,
    train: train.split,
    val: val.split,
    test: test.split,
    hash: index.hash,
    skipped,
    warnings: index.warnings,
    classWeights: config.classWeight === 'balanced' ? balancedClassWeights(train.split.labels, numClasses) : null,
  };
}
