import { relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetIndex } from './dataset-index';
import { makeTempDir, writeClassFiles } from './image-fixtures';
import { scanDataset } from './read-dataset';
import { splitClassFiles } from './stratified-split';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: root, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

const valCounts = (index: DatasetIndex) => index.classNames.map((_, c) => index.val.filter((e) => e.classIndex === c).length);
const valPaths = (index: DatasetIndex) => index.val.map((e) => relative(root, e.path)).sort();

describe('seeded stratified split', () => {
  it('holds out floor(n * split) of every class, at least one when a class has two or more', async () => {
    await writeClassFiles(root, { big: 40, mid: 11, small: 3, pair: 2, single: 1 });
    const index = await scanDataset(root, { validationSplit: 0.2 });
    expect(index.classNames).toEqual(['big', 'mid', 'pair', 'single', 'small']);
    expect(valCounts(index)).toEqual([8, 2, 1, 0, 1]);
    expect(index.train.length + index.val.length).toBe(57);
    expect(index.warnings.some((w) => w.includes("'single' has a single image"))).toBe(true);
  });

  it('never puts a file on both sides and never drops one', async () => {
    await writeClassFiles(root, { cat: 13, dog: 9 });
    const index = await scanDataset(root, { validationSplit: 0.3 });
    const train = new Set(index.train.map((e) => e.path));
    expect(index.val.some((e) => train.has(e.path))).toBe(false);
    expect(new Set([...train, ...index.val.map((e) => e.path)]).size).toBe(22);
  });

  it('gives the same split for the same seed and a different one for another seed', async () => {
    await writeClassFiles(root, { cat: 20, dog: 20 });
    const first = await scanDataset(root, { seed: 42 });
    const again = await scanDataset(root, { seed: 42 });
    const other = await scanDataset(root, { seed: 43 });
    expect(valPaths(again)).toEqual(valPaths(first));
    expect(valPaths(other)).not.toEqual(valPaths(first));
    expect(valCounts(other)).toEqual(valCounts(first));
  });

  it("does not reshuffle a class when another class is added", async () => {
    await writeClassFiles(root, { cat: 20, dog: 20 });
    const before = valPaths(await scanDataset(root)).filter((p) => p.startsWith('cat/'));
    await writeClassFiles(root, { ant: 15 });
    const after = valPaths(await scanDataset(root)).filter((p) => p.startsWith('cat/'));
    expect(after).toEqual(before);
  });

  it('lists each side by class, then by path', async () => {
    await writeClassFiles(root, { cat: 12, dog: 12 });
    const index = await scanDataset(root);
    for (const side of [index.train, index.val]) {
      const paths = side.map((e) => relative(root, e.path));
      expect(paths).toEqual([...paths].sort());
    }
  });

  it('takes no validation images with validationSplit 0', async () => {
    await writeClassFiles(root, { cat: 5, dog: 5 });
    const index = await scanDataset(root, { validationSplit: 0 });
    expect(index.val).toEqual([]);
    expect(index.train).toHaveLength(10);
  });

  it('is a pure function of files, seed and class, and leaves the input list alone', () => {
    const files = Array.from({ length: 30 }, (_, i) => `f${i}`);
    const options = { validationSplit: 0.2, seed: 5, className: 'cat' };
    expect(splitClassFiles(files, options)).toEqual(splitClassFiles([...files], options));
    expect(files[0]).toBe('f0');
  });
});
