import { compareCodePoints } from './compare-code-points';
import { createRng, shuffleInPlace } from './random';

export interface ClassSplit {
  train: string[];
  val: string[];
  test: string[];
}

/**
 * Holds out `validationSplit` of one class's files for validation.
 *
 * Keras shuffles the whole file list once and takes its tail as validation. On the small datasets
 * people bring to transfer learning (a few dozen images a class) that can leave a class with no
 * validation image, so its accuracy is never measured, and it skews class ratios between the two
 * sides. Splitting each class on its own keeps the ratios and, for any class with at least two
 * images, puts at least one in validation and keeps at least one for training.
 *
 * The shuffle is seeded per class (seed + class name), so adding a class or an image to one class
 * leaves the split of the others unchanged. Like Keras, the count is floor(n * validationSplit) and
 * the validation files are the tail of the shuffled list.
 *
 * `testSplit` holds out a test side first, from the very tail (floor(n * testSplit), at least one
 * when the class has three or more images, always leaving one for training and the validation
 * side its usual count where it can): disjoint from validation, and with testSplit 0 the split is
 * exactly the one without it.
 */
export function splitClassFiles(
  files: readonly string[],
  { validationSplit, testSplit = 0, seed, className }: { validationSplit: number; testSplit?: number; seed: number; className: string },
): ClassSplit {
  const shuffled = shuffleInPlace([...files], createRng(`${seed}:${className}`));
  const n = shuffled.length;
  const testCount = testSplit === 0 || n < 3 ? 0 : Math.min(n - 2, Math.max(1, Math.floor(n * testSplit)));
  const rest = n - testCount;
  const valCount = validationSplit === 0 || rest < 2 ? 0 : Math.min(rest - 1, Math.max(1, Math.floor(n * validationSplit)));
  // Each side back in path order: listings stay readable and diffable; training shuffles anyway.
  return {
    train: shuffled.slice(0, rest - valCount).sort(compareCodePoints),
    val: shuffled.slice(rest - valCount, rest).sort(compareCodePoints),
    test: shuffled.slice(rest).sort(compareCodePoints),
  };
}
