import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError, type DatasetErrorCode } from './errors';
import { makeTempDir, writeBytes, writeClassFiles } from './image-fixtures';
import { scanDataset, type ScanDatasetOptions } from './read-dataset';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: root, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

async function scanError(code: DatasetErrorCode, path = root, options?: ScanDatasetOptions): Promise<string> {
  const error = await scanDataset(path, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  expect((error as DatasetError).code).toBe(code);
  return (error as DatasetError).message;
}

describe('scanDataset errors', () => {
  it('a folder that does not exist, or a file', async () => {
    expect(await scanError('NOT_FOUND', join(root, 'nope'))).toContain(join(root, 'nope'));
    await writeBytes(join(root, 'file.jpg'), 'x');
    await scanError('NOT_A_DIRECTORY', join(root, 'file.jpg'));
  });

  it('no class folders, with a hint when the images sit at the top level', async () => {
    expect(await scanError('NO_CLASS_FOLDERS')).toMatch(/Create one subfolder per class/);
    await writeBytes(join(root, 'a.jpg'), 'a');
    await writeBytes(join(root, 'b.png'), 'b');
    await mkdir(join(root, '.hidden'));
    expect(await scanError('NO_CLASS_FOLDERS')).toMatch(/2 images are directly inside it/);
  });

  it('a single class, named, with what to do', async () => {
    await writeClassFiles(root, { cats: 4 });
    expect(await scanError('SINGLE_CLASS')).toBe(
      `Dataset at ${root} has only one class folder ('cats'). A classifier needs at least two: add a folder per class, each with its images.`,
    );
  });

  it('a class without images, named', async () => {
    await writeClassFiles(root, { cats: 4, dogs: 4 });
    await writeBytes(join(root, 'birds', 'readme.txt'), 'no images here');
    const message = await scanError('EMPTY_CLASS');
    expect(message).toContain("'birds'");
    expect(message).not.toContain("'cats'");
  });

  it('a class with images only in val/ has no training images', async () => {
    await writeClassFiles(join(root, 'train'), { cats: 3 });
    await mkdir(join(root, 'train', 'dogs'));
    await writeClassFiles(join(root, 'val'), { cats: 1, dogs: 1 });
    expect(await scanError('EMPTY_CLASS')).toContain("'dogs'");
  });

  it('class folders but no image anywhere', async () => {
    await writeBytes(join(root, 'cats', 'a.txt'), 'a');
    await mkdir(join(root, 'dogs'));
    expect(await scanError('NO_IMAGES')).toMatch(/no images/);
  });

  it('val/ with other classes than train/, naming both differences', async () => {
    await writeClassFiles(join(root, 'train'), { cats: 2, dogs: 2 });
    await writeClassFiles(join(root, 'val'), { cats: 1, birds: 1 });
    const message = await scanError('SPLIT_CLASS_MISMATCH');
    expect(message).toContain("missing from val/: 'dogs'");
    expect(message).toContain("only in val/: 'birds'");
  });

  it('both val/ and validation/', async () => {
    await writeClassFiles(join(root, 'train'), { cats: 2, dogs: 2 });
    await writeClassFiles(join(root, 'val'), { cats: 1, dogs: 1 });
    await writeClassFiles(join(root, 'validation'), { cats: 1, dogs: 1 });
    await scanError('AMBIGUOUS_LAYOUT');
  });

  it('a validation split outside [0, 1) or a non-finite seed', async () => {
    await writeClassFiles(root, { cats: 2, dogs: 2 });
    for (const validationSplit of [1, -0.1, Number.NaN]) await scanError('INVALID_OPTIONS', root, { validationSplit });
    await scanError('INVALID_OPTIONS', root, { seed: Number.POSITIVE_INFINITY });
  });
});
