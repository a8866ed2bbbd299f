import { formatMegapixels } from '@transferlab/ml-core/no-tfjs';
import type { DatasetSummary } from './dataset-summary';

/** Below this many training images a class's accuracy swings with every image (as ml-core warns). */
export const MIN_TRAIN_IMAGES = 10;
/** Past this ratio a classifier tends to favour the large class unless weighted. */
export const MAX_IMBALANCE = 3;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface ImageCounts {
  /** Images present in both splits. */
  sharedImages: number;
  /** Images declaring more than `maxInputPixels` (stored under an earlier, higher limit). */
  oversizedImages: number;
  maxInputPixels: number;
}

/**
 * What to fix before training, in the words ml-core uses when it reads a folder: too few classes,
 * class imbalance, classes with too few training images, classes missing from val, images in
 * both train and val, and images over the pixel limit that trainers will skip.
 */
export function describeDatasetWarnings({ classes, valCount }: DatasetSummary, { sharedImages, oversizedImages, maxInputPixels }: ImageCounts): string[] {
  const warnings: string[] = [];
  if (classes.length === 0) {
    warnings.push('The dataset has no images yet: upload images and add at least two classes before training.');
    return warnings;
  }
  const [only] = classes;
  if (classes.length === 1 && only) {
    warnings.push(`The dataset has only one class ('${only.name}'): add at least two classes before training.`);
  }

  const totals = classes.map((c) => ({ name: c.name, total: c.trainCount + c.valCount }));
  const largest = totals.reduce((a, b) => (b.total > a.total ? b : a));
  const smallest = totals.reduce((a, b) => (b.total < a.total ? b : a));
  if (classes.length > 1 && largest.total > MAX_IMBALANCE * smallest.total) {
    warnings.push(
      `Classes are imbalanced: '${largest.name}' has ${largest.total} images and '${smallest.name}' only ${smallest.total} (more than ${MAX_IMBALANCE}x). ` +
        'Add images to the small classes or train with balanced class weights.',
    );
  }

  for (const c of classes) {
    if (c.trainCount < MIN_TRAIN_IMAGES) {
      warnings.push(`Class '${c.name}' has only ${plural(c.trainCount, 'training image')}: add images until it has at least ${MIN_TRAIN_IMAGES} for a reliable model.`);
    }
  }

  if (valCount > 0) {
    for (const c of classes) {
      if (c.valCount === 0) {
        warnings.push(`Class '${c.name}' has no validation images while other classes do: its validation accuracy cannot be measured. Upload some with split "val".`);
      }
    }
  }

  if (sharedImages > 0) {
    warnings.push(
      `${plural(sharedImages, 'image')} ${sharedImages === 1 ? 'is' : 'are'} in both train and val with identical content: ` +
        'validation accuracy will look better than it is. Remove the copies from one side.',
    );
  }

  if (oversizedImages > 0) {
    warnings.push(
      `${plural(oversizedImages, 'image')} ${oversizedImages === 1 ? 'has' : 'have'} more than ${formatMegapixels(maxInputPixels)} MP, the limit for images: ` +
        'trainers will skip them. Replace them with smaller copies.',
    );
  }
  return warnings;
}
