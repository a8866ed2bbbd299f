import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DatasetIndex, ImageEntry, SkippedFile, Split } from './dataset-index';
import { assertDirectory, assertEnoughClasses, assertEveryClassHasImages, assertSameClasses } from './assert-dataset';
import { compareCodePoints } from './compare-code-points';
import { describeDatasetWarnings } from './dataset-warnings';
import { detectLayout } from './detect-layout';
import { DatasetError } from './errors';
import { listClassImages, listFolder } from './list-folder';
import { mapConcurrent } from './map-concurrent';
import { splitClassFiles } from './stratified-split';

export interface ScanDatasetOptions {
  /** Fraction of each class held out when the folder has no val/ split of its own. */
  validationSplit?: number;
  /** Fraction of each class held out for testing when the folder has no test/ split of its own. */
  testSplit?: number;
  seed?: number;
}

/** Enough parallel reads to hide disk latency without exhausting file descriptors. */
const HASH_CONCURRENCY = 8;

/**
 * Indexes a folder in the Keras `image_dataset_from_directory` layout: `train/<class>/*` next to
 * `val/<class>/*` (or `validation/`) and optionally `test/<class>/*`, or `<class>/*` split here
 * with a seed. Nothing is decoded; every image is hashed so the feature cache can key on content.
 */
export async function scanDataset(
  root: string,
  { validationSplit = 0.2, testSplit = 0, seed = 1337 }: ScanDatasetOptions = {},
): Promise<DatasetIndex> {
  if (!(validationSplit >= 0 && validationSplit < 1)) {
    throw new DatasetError('INVALID_OPTIONS', `validationSplit must be at least 0 and below 1, got ${validationSplit}.`);
  }
  if (!(testSplit >= 0 && validationSplit + testSplit < 1)) {
    throw new DatasetError('INVALID_OPTIONS', `testSplit must be at least 0, and validationSplit + testSplit below 1, got ${testSplit} and ${validationSplit}.`);
  }
  if (!Number.isFinite(seed)) throw new DatasetError('INVALID_OPTIONS', `seed must be a finite number, got ${seed}.`);
  const absRoot = resolve(root);
  await assertDirectory(absRoot);

  const warnings: string[] = [];
  const skipped: SkippedFile[] = [];
  const layout = await detectLayout(absRoot, warnings);
  const classDir = layout.kind === 'split' ? layout.trainDir : layout.dir;
  const { dirs: classNames, files: looseFiles } = await listFolder(classDir);
  assertEnoughClasses(classDir, classNames, looseFiles);

  const listClasses = async (dir: string) =>
    Promise.all(
      classNames.map(async (name) => {
        const { images, skipped: notImages } = await listClassImages(join(dir, name));
        skipped.push(...notImages);
        return images;
      }),
    );
  const trainFiles = await listClasses(classDir);
  let valFiles: string[][];
  if (layout.kind === 'split') {
    const { dirs: valClassNames } = await listFolder(layout.valDir);
    assertSameClasses(classNames, valClassNames, layout.valName);
    valFiles = await listClasses(layout.valDir);
  } else {
    valFiles = classNames.map(() => []);
  }
  let testFiles: string[][] = classNames.map(() => []);
  if (layout.testDir) {
    const { dirs: testClassNames } = await listFolder(layout.testDir);
    assertSameClasses(classNames, testClassNames, 'test');
    testFiles = await listClasses(layout.testDir);
    if (testSplit > 0) warnings.push(`test/ holds the test images: testSplit ${testSplit} is not applied.`);
  }
  // The seed splits what the folders do not: validation (no val/) and test (no test/) images.
  const heldOut = { val: layout.kind === 'split' ? 0 : validationSplit, test: layout.testDir ? 0 : testSplit };

  const toEntries = (files: string[][], split: Split) =>
    files.flatMap((paths, classIndex) => paths.map((path) => ({ path, classIndex, split })));
  const splits = trainFiles.map((files, classIndex) =>
    splitClassFiles(files, { validationSplit: heldOut.val, testSplit: heldOut.test, seed, className: classNames[classIndex] as string }),
  );
  const entries: Omit<ImageEntry, 'sha256'>[] = [
    ...toEntries(splits.map((s) => s.train), 'train'),
    ...toEntries(layout.kind === 'split' ? valFiles : splits.map((s) => s.val), 'val'),
    ...toEntries(layout.testDir ? testFiles : splits.map((s) => s.test), 'test'),
  ];
  if (layout.kind === 'split') {
    valFiles.forEach((files, classIndex) => {
      if (files.length === 0) {
        warnings.push(`Class '${classNames[classIndex]}' has no images in ${layout.valName}/: its validation accuracy cannot be measured.`);
      }
    });
  } else {
    splits.forEach(({ train, val }, classIndex) => {
      if (validationSplit > 0 && train.length === 1 && val.length === 0) {
        warnings.push(`Class '${classNames[classIndex]}' has a single image: none is left for validation.`);
      }
    });
  }
  if (layout.testDir) {
    testFiles.forEach((files, classIndex) => {
      if (files.length === 0) warnings.push(`Class '${classNames[classIndex]}' has no images in test/: its test accuracy cannot be measured.`);
    });
  }

  const hashed = await mapConcurrent(entries, HASH_CONCURRENCY, async (entry) => {
    try {
      return { ...entry, sha256: createHash('sha256').update(await readFile(entry.path)).digest('hex') };
    } catch (error) {
      skipped.push({ path: entry.path, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      return null;
    }
  });
  const readable = hashed.filter((entry): entry is ImageEntry => entry !== null);
  const train = readable.filter((entry) => entry.split === 'train');
  const val = readable.filter((entry) => entry.split === 'val');
  const test = readable.filter((entry) => entry.split === 'test');
  assertEveryClassHasImages(absRoot, classNames, train, val);
  warnings.push(...describeDatasetWarnings({ root: absRoot, classNames, train, val }));
  skipped.sort((a, b) => compareCodePoints(a.path, b.path));
  return { root: absRoot, classNames, train, val, test, hash: datasetHash(classNames, readable), skipped, warnings };
}

/** The dataset's identity: its images' content and classes, not their names, folders or split. */
function datasetHash(classNames: string[], entries: ImageEntry[]): string {
  const lines = entries.map((e) => `${classNames[e.classIndex]}\t${e.sha256}\n`).sort(compareCodePoints);
  return createHash('sha256').update(lines.join('')).digest('hex');
}
