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
  seed?: number;
}

/** Enough parallel reads to hide disk latency without exhausting file descriptors. */
const HASH_CONCURRENCY = 8;

/**
 * Indexes a folder in the Keras `image_dataset_from_directory` layout: `train/<class>/*` next to
 * `val/<class>/*` (or `validation/`), or `<class>/*` split here with a seed. Nothing is decoded;
 * every image is hashed so the feature cache can key on content.
 */
export async function scanDataset(
  root: string,
  { validationSplit = 0.2, seed = 1337 }: ScanDatasetOptions = {},
): Promise<DatasetIndex> {
  if (!(validationSplit >= 0 && validationSplit < 1)) {
    throw new DatasetError('INVALID_OPTIONS', `validationSplit must be at least 0 and below 1, got ${validationSplit}.`);
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

  const toEntries = (files: string[][], split: Split) =>
    files.flatMap((paths, classIndex) => paths.map((path) => ({ path, classIndex, split })));
  let entries: Omit<ImageEntry, 'sha256'>[];
  if (layout.kind === 'split') {
    entries = [...toEntries(trainFiles, 'train'), ...toEntries(valFiles, 'val')];
    valFiles.forEach((files, classIndex) => {
      if (files.length === 0) {
        warnings.push(`Class '${classNames[classIndex]}' has no images in ${layout.valName}/: its validation accuracy cannot be measured.`);
      }
    });
  } else {
    const splits = trainFiles.map((files, classIndex) =>
      splitClassFiles(files, { validationSplit, seed, className: classNames[classIndex] as string }),
    );
    entries = [...toEntries(splits.map((s) => s.train), 'train'), ...toEntries(splits.map((s) => s.val), 'val')];
    splits.forEach(({ train, val }, classIndex) => {
      if (validationSplit > 0 && train.length === 1 && val.length === 0) {
        warnings.push(`Class '${classNames[classIndex]}' has a single image: none is left for validation.`);
      }
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
  assertEveryClassHasImages(absRoot, classNames, train, val);
  warnings.push(...describeDatasetWarnings({ root: absRoot, classNames, train, val }));
  skipped.sort((a, b) => compareCodePoints(a.path, b.path));
  return { root: absRoot, classNames, train, val, skipped, warnings };
}
