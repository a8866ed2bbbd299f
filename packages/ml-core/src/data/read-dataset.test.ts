import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetIndex, ImageEntry } from './dataset-index';
import { makeTempDir, writeBytes, writeClassFiles } from './image-fixtures';
import { scanDataset } from './read-dataset';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: root, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

const rel = (entries: ImageEntry[]) => entries.map((entry) => relative(root, entry.path)).sort();
const countBy = (index: DatasetIndex, split: 'train' | 'val') =>
  index.classNames.map((_, classIndex) => index[split].filter((entry) => entry.classIndex === classIndex).length);

describe('scanDataset layouts', () => {
  it("numbers classes in Python's sorted() order, not locale order", async () => {
    await writeClassFiles(root, { c: 3, a: 3, B: 3 });
    const index = await scanDataset(root);
    expect(index.classNames).toEqual(['B', 'a', 'c']);
    const classOf = (entry: ImageEntry) => index.classNames[entry.classIndex];
    for (const entry of [...index.train, ...index.val]) expect(relative(root, entry.path).split('/')[0]).toBe(classOf(entry));
  });

  it('uses train/ and val/ as given, ignoring validationSplit', async () => {
    await writeClassFiles(join(root, 'train'), { cat: 5, dog: 4 });
    await writeClassFiles(join(root, 'val'), { cat: 2, dog: 1 });
    const index = await scanDataset(root, { validationSplit: 0.5 });
    expect(index.classNames).toEqual(['cat', 'dog']);
    expect(countBy(index, 'train')).toEqual([5, 4]);
    expect(countBy(index, 'val')).toEqual([2, 1]);
    expect(index.train.every((e) => e.split === 'train' && e.path.includes('/train/'))).toBe(true);
    expect(index.val.every((e) => e.split === 'val' && e.path.includes('/val/'))).toBe(true);
  });

  it('accepts validation/ for the val side and warns about other folders it ignores', async () => {
    await writeClassFiles(join(root, 'train'), { cat: 2, dog: 2 });
    await writeClassFiles(join(root, 'validation'), { cat: 1, dog: 1 });
    await writeClassFiles(join(root, 'extra'), { cat: 1, dog: 1 });
    const index = await scanDataset(root);
    expect(countBy(index, 'val')).toEqual([1, 1]);
    expect(index.val.every((e) => e.path.includes('/validation/'))).toBe(true);
    // test/ is the test split now (read-dataset-split.test.ts); any other folder is ignored aloud.
    expect(index.warnings.some((w) => w.includes("'extra'"))).toBe(true);
  });

  it('splits a lone train/ folder with the seed instead of taking it for a class', async () => {
    await writeClassFiles(join(root, 'train'), { cat: 10, dog: 10 });
    const index = await scanDataset(root);
    expect(index.classNames).toEqual(['cat', 'dog']);
    expect(countBy(index, 'val')).toEqual([2, 2]);
    expect(index.warnings.some((w) => w.includes('No val/ folder'))).toBe(true);
  });

  it('ignores hidden files and folders and files at the top level; records other files as skipped', async () => {
    await writeClassFiles(root, { cat: 2, dog: 2 });
    await writeBytes(join(root, '.git', 'cat', 'x.jpg'), 'hidden folder');
    await writeBytes(join(root, '.thumbnails', 'y.png'), 'hidden class folder');
    await writeBytes(join(root, 'cat', '.DS_Store'), 'finder');
    await writeBytes(join(root, 'cat', '._img000.jpg'), 'resource fork');
    await writeBytes(join(root, 'README.md'), 'top level');
    await writeBytes(join(root, 'loose.jpg'), 'top level image');
    await writeBytes(join(root, 'dog', 'notes.txt'), 'not an image');
    const index = await scanDataset(root);
    expect(index.classNames).toEqual(['cat', 'dog']);
    expect(rel([...index.train, ...index.val])).toEqual(['cat/img000.jpg', 'cat/img001.jpg', 'dog/img000.jpg', 'dog/img001.jpg']);
    expect(index.skipped).toEqual([{ path: join(root, 'dog', 'notes.txt'), reason: 'not an image file: notes.txt' }]);
  });

  it('lists every accepted extension in any case, and images in subfolders of a class', async () => {
    for (const name of ['a.JPG', 'b.jpeg', 'c.Png', 'd.gif', 'e.WEBP', 'f.bmp', 'nested/deeper/g.jpg']) {
      await writeBytes(join(root, 'cat', name), name);
    }
    for (const name of ['a.tiff', 'b.svg', 'c.jpg.txt']) await writeBytes(join(root, 'dog', name), name);
    await writeBytes(join(root, 'dog', 'real.jpg'), 'real');
    const index = await scanDataset(root, { validationSplit: 0 });
    expect(rel(index.train)).toEqual([
      'cat/a.JPG', 'cat/b.jpeg', 'cat/c.Png', 'cat/d.gif', 'cat/e.WEBP', 'cat/f.bmp', 'cat/nested/deeper/g.jpg', 'dog/real.jpg',
    ]);
    expect(index.skipped.map((s) => s.reason).sort()).toEqual([
      'not an image file: a.tiff', 'not an image file: b.svg', 'not an image file: c.jpg.txt',
    ]);
  });

  it('follows a symlinked class folder but not a symlinked subfolder (no cycles)', async () => {
    const elsewhere = await makeTempDir();
    try {
      await writeClassFiles(elsewhere.dir, { dog: 2 });
      await writeClassFiles(root, { cat: 2 });
      await symlink(join(elsewhere.dir, 'dog'), join(root, 'dog'));
      await mkdir(join(root, 'cat', 'sub'));
      await symlink(join(root, 'cat'), join(root, 'cat', 'sub', 'loop'));
      const index = await scanDataset(root, { validationSplit: 0 });
      expect(index.classNames).toEqual(['cat', 'dog']);
      expect(index.train).toHaveLength(4);
    } finally {
      await elsewhere.cleanup();
    }
  });

  it('gives absolute paths and the SHA-256 of each file', async () => {
    await writeClassFiles(root, { cat: 2, dog: 2 });
    const index = await scanDataset(`${root}/./cat/..`);
    expect(index.root).toBe(root);
    for (const entry of [...index.train, ...index.val]) {
      expect(entry.path.startsWith(`${root}/`)).toBe(true);
      expect(entry.sha256).toBe(createHash('sha256').update(await readFile(entry.path)).digest('hex'));
    }
  });
});
