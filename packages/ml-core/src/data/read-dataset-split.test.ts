import { join, relative } from 'node:path';
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

describe('test split', () => {
  const sideOf = (index: DatasetIndex) => new Map([...index.train.map((e) => [e.path, 'train']), ...index.val.map((e) => [e.path, 'val']), ...index.test.map((e) => [e.path, 'test'])] as [string, string][]);
  const countsOf = (entries: DatasetIndex['test'], index: DatasetIndex) => index.classNames.map((_, c) => entries.filter((e) => e.classIndex === c).length);

  it('holds out floor(n * testSplit) of every class, disjoint from validation and training, dropping none', async () => {
    await writeClassFiles(root, { cat: 20, dog: 10, eel: 3 });
    const index = await scanDataset(root, { validationSplit: 0.2, testSplit: 0.25, seed: 7 });
    expect(countsOf(index.test, index)).toEqual([5, 2, 1]);
    expect(countsOf(index.val, index)).toEqual([4, 2, 1]);
    const sides = sideOf(index);
    // Every file on exactly one side: the map would have fewer entries than the lists otherwise.
    expect(sides.size).toBe(index.train.length + index.val.length + index.test.length);
    expect(sides.size).toBe(33);
  });

  it('leaves the validation split as it was without a test split, and is seeded', async () => {
    await writeClassFiles(root, { cat: 20, dog: 20 });
    const without = await scanDataset(root, { validationSplit: 0.2, seed: 3 });
    const zero = await scanDataset(root, { validationSplit: 0.2, testSplit: 0, seed: 3 });
    expect(valPaths(zero)).toEqual(valPaths(without));
    expect(zero.test).toEqual([]);
    const a = await scanDataset(root, { testSplit: 0.2, seed: 3 });
    const b = await scanDataset(root, { testSplit: 0.2, seed: 3 });
    const c = await scanDataset(root, { testSplit: 0.2, seed: 4 });
    const testPaths = (index: DatasetIndex) => index.test.map((e) => e.path);
    expect(testPaths(b)).toEqual(testPaths(a));
    expect(testPaths(c)).not.toEqual(testPaths(a));
  });

  it('takes a test/ folder next to train/ (and val/) as the test split, and ignores testSplit then', async () => {
    await writeClassFiles(join(root, 'train'), { cat: 6, dog: 6 });
    await writeClassFiles(join(root, 'val'), { cat: 2, dog: 2 });
    await writeClassFiles(join(root, 'test'), { cat: 3, dog: 1 });
    const index = await scanDataset(root, { testSplit: 0.3 });
    expect([index.train.length, index.val.length, index.test.length]).toEqual([12, 4, 4]);
    expect(index.test.every((e) => e.path.includes('/test/'))).toBe(true);
    expect(index.warnings.some((w) => w.includes('testSplit 0.3 is not applied'))).toBe(true);
    expect(index.warnings.some((w) => w.startsWith('Ignored'))).toBe(false);
  });

  it('refuses test/ class folders that differ from train/', async () => {
    await writeClassFiles(join(root, 'train'), { cat: 4, dog: 4 });
    await writeClassFiles(join(root, 'test'), { cat: 1, cow: 1 });
    await expect(scanDataset(root)).rejects.toThrow(/train\/ and test\/ must have the same class folders/);
  });

  it('hashes the images, not their folders: the same images split two ways give the same hash', async () => {
    await writeClassFiles(root, { cat: 5, dog: 5 });
    const flat = await scanDataset(root, { validationSplit: 0.2 });
    const other = await scanDataset(root, { validationSplit: 0.4, testSplit: 0.2, seed: 9 });
    expect(other.hash).toBe(flat.hash);
    await writeClassFiles(root, { eel: 2 });
    expect((await scanDataset(root)).hash).not.toBe(flat.hash);
  });
});
