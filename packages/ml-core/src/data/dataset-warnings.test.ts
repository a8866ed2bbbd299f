import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, writeBytes, writeClassFiles } from './image-fixtures';
import { scanDataset } from './read-dataset';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: root, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

describe('dataset warnings', () => {
  it('none for a balanced dataset with enough images', async () => {
    await writeClassFiles(root, { cats: 13, dogs: 13 });
    expect((await scanDataset(root)).warnings).toEqual([]);
  });

  it('class imbalance past 3x, naming the largest and smallest class', async () => {
    await writeClassFiles(root, { cats: 40, dogs: 13 });
    const [warning, ...others] = (await scanDataset(root)).warnings;
    expect(others).toEqual([]);
    expect(warning).toMatch(/imbalanced: 'cats' has 40 images and 'dogs' only 13/);
  });

  it('no imbalance warning at exactly 3x', async () => {
    await writeClassFiles(root, { cats: 39, dogs: 13 });
    expect((await scanDataset(root)).warnings).toEqual([]);
  });

  it('classes with fewer than 10 training images', async () => {
    // 11 images: floor(2.2) = 2 go to val, 9 stay for training; 13 leave 11.
    await writeClassFiles(root, { cats: 11, dogs: 13 });
    const { warnings } = await scanDataset(root);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/'cats' has only 9 training images/);
  });

  it('the same image content in train and val, but not copies within one side', async () => {
    await writeClassFiles(join(root, 'train'), { cats: 12, dogs: 12 });
    await writeClassFiles(join(root, 'val'), { cats: 3, dogs: 3 });
    await writeBytes(join(root, 'train', 'dogs', 'dup-a.jpg'), 'same bytes');
    await writeBytes(join(root, 'train', 'dogs', 'dup-b.jpg'), 'same bytes');
    expect((await scanDataset(root)).warnings).toEqual([]);

    await writeBytes(join(root, 'val', 'cats', 'copy.jpg'), 'same bytes');
    const { warnings } = await scanDataset(root);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/in both train and val/);
    expect(warnings[0]).toContain('val/cats/copy.jpg');
  });

  it('a class with no images in val/', async () => {
    await writeClassFiles(join(root, 'train'), { cats: 12, dogs: 12 });
    await writeClassFiles(join(root, 'val'), { cats: 3 });
    await writeBytes(join(root, 'val', 'dogs', 'notes.txt'), 'no image');
    const { warnings } = await scanDataset(root);
    expect(warnings).toEqual([expect.stringMatching(/'dogs' has no images in val\//)]);
  });
});
