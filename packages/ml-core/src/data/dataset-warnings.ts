import { relative } from 'node:path';
import type { ImageEntry } from './dataset-index';

/** Below this many training images a class's accuracy swings with every image. */
const MIN_TRAIN_IMAGES = 10;
/** Past this ratio a classifier tends to favour the large class unless weighted. */
const MAX_IMBALANCE = 3;

export function describeDatasetWarnings({
  root,
  classNames,
  train,
  val,
}: {
  root: string;
  classNames: readonly string[];
  train: readonly ImageEntry[];
  val: readonly ImageEntry[];
}): string[] {
  const warnings: string[] = [];
  const totals = classNames.map(() => 0);
  const trainCounts = classNames.map(() => 0);
  for (const entry of [...train, ...val]) totals[entry.classIndex]! += 1;
  for (const entry of train) trainCounts[entry.classIndex]! += 1;

  const largest = totals.indexOf(Math.max(...totals));
  const smallest = totals.indexOf(Math.min(...totals));
  if (totals[largest]! > MAX_IMBALANCE * totals[smallest]!) {
    warnings.push(
      `Classes are imbalanced: '${classNames[largest]}' has ${totals[largest]} images and '${classNames[smallest]}' only ${totals[smallest]} (more than ${MAX_IMBALANCE}x). ` +
        'Add images to the small classes or train with balanced class weights.',
    );
  }

  trainCounts.forEach((count, classIndex) => {
    if (count < MIN_TRAIN_IMAGES) {
      warnings.push(
        `Class '${classNames[classIndex]}' has only ${count} training image${count === 1 ? '' : 's'}: add images until it has at least ${MIN_TRAIN_IMAGES} for a reliable model.`,
      );
    }
  });

  // Copies on both sides let the model be graded on images it trained on.
  const trainByHash = new Map(train.map((entry) => [entry.sha256, entry]));
  const shared = val.flatMap((entry) => {
    const twin = trainByHash.get(entry.sha256);
    return twin ? [[twin, entry] as const] : [];
  });
  const first = shared[0];
  if (first) {
    const [twin, copy] = first;
    warnings.push(
      `${shared.length} image${shared.length === 1 ? '' : 's'} appear${shared.length === 1 ? 's' : ''} in both train and val with identical content ` +
        `(e.g. ${relative(root, twin.path)} and ${relative(root, copy.path)}). Validation accuracy will look better than it is: remove the copies from one side.`,
    );
  }
  return warnings;
}
