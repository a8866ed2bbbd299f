import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gifBomb, rle8BmpBomb } from '../test-support/image-bombs';
import type { ImageEntry, SkippedFile } from './dataset-index';
import { DatasetError } from './errors';
import { BLUE, encodeImage, makeTempDir, meanRgb, rawRgb, RED, solidImage, writeBytes } from './image-fixtures';
import { loadImages, toBatchTensor } from './load-images';
import { scanDataset } from './read-dataset';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: root, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

/** cats are red and dogs blue, so a pixel buffer shows which entry it belongs to. */
async function writeHealthyDataset(): Promise<void> {
  await writeBytes(join(root, 'cats', 'a.jpg'), await solidImage('jpeg', RED));
  await writeBytes(join(root, 'cats', 'b.png'), await solidImage('png', RED));
  await writeBytes(join(root, 'dogs', 'c.webp'), await solidImage('webp', BLUE));
  await writeBytes(join(root, 'dogs', 'd.bmp'), await solidImage('bmp', BLUE));
  await writeBytes(join(root, 'dogs', 'e.gif'), await solidImage('gif', BLUE));
}

async function allEntries(): Promise<ImageEntry[]> {
  const index = await scanDataset(root, { validationSplit: 0 });
  return index.train;
}

describe('loadImages', () => {
  it('decodes every format to size x size RGB, aligned with its entry', async () => {
    await writeHealthyDataset();
    const { pixels, entries, skipped } = await loadImages(await allEntries(), { size: 12, concurrency: 2 });
    expect(skipped).toEqual([]);
    expect(entries).toHaveLength(5);
    pixels.forEach((image, i) => {
      expect(image.length).toBe(12 * 12 * 3);
      const [r, , b] = meanRgb(image);
      expect(entries[i]!.classIndex === 0 ? r : b).toBeGreaterThan(240);
    });
  });

  it('skips images over the pixel limit from their header, with the reason, as a trainer reading a dataset does', async () => {
    await writeHealthyDataset();
    await writeBytes(join(root, 'cats', 'bomb.bmp'), rle8BmpBomb(9000, 9000));
    await writeBytes(join(root, 'dogs', 'bomb.gif'), gifBomb(9000, 9000));
    const { entries, skipped } = await loadImages(await allEntries(), { size: 8 });
    expect(entries).toHaveLength(5);
    expect(Object.fromEntries(skipped.map((s) => [s.path.split('/').pop(), s.reason]))).toEqual({
      'bomb.bmp': expect.stringMatching(/^too many pixels: 9000 x 9000 is 81 MP, over the limit of 40 MP;/),
      'bomb.gif': expect.stringMatching(/^too many pixels: 9000 x 9000 is 81 MP, over the limit of 40 MP;/),
    });
    // A lower limit is honoured too: the 24 x 16 images are 384 pixels.
    const strict = await loadImages(await allEntries(), { size: 8, maxInputPixels: 383 }).catch((e: unknown) => e);
    expect(strict).toBeInstanceOf(DatasetError);
  });

  it('skips a truncated JPEG, text renamed .jpg and an empty file with their reasons, and keeps going', async () => {
    await writeHealthyDataset();
    const noise = rawRgb(48, 48, (x, y) => [(x * 31 + y * 17) % 256, (x * y) % 256, (y * 13) % 256]);
    const jpeg = await encodeImage('jpeg', 48, 48, noise);
    await writeBytes(join(root, 'cats', 'cut.jpg'), jpeg.subarray(0, jpeg.length / 2));
    await writeBytes(join(root, 'cats', 'notes.jpg'), 'these are my notes, not a photo');
    await writeBytes(join(root, 'dogs', 'zero.png'), Buffer.alloc(0));
    const reported: SkippedFile[] = [];
    const { pixels, entries, skipped } = await loadImages(await allEntries(), { size: 8, onSkip: (s) => reported.push(s) });

    expect(pixels).toHaveLength(5);
    expect(entries.map((e) => e.path.split('/').pop())).toEqual(['a.jpg', 'b.png', 'c.webp', 'd.bmp', 'e.gif']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.path.split('/').pop(), s.reason]));
    expect(reasons).toEqual({ 'cut.jpg': 'corrupt or truncated JPEG', 'notes.jpg': 'not an image', 'zero.png': 'empty file' });
    expect(reported).toEqual(expect.arrayContaining(skipped));
    expect(reported).toHaveLength(3);
  });

  it('skips a file that disappeared since the scan', async () => {
    await writeHealthyDataset();
    const entries = await allEntries();
    const ghost = { ...entries[0]!, path: join(root, 'cats', 'gone.jpg') };
    const { skipped } = await loadImages([...entries, ghost], { size: 8 });
    expect(skipped).toEqual([{ path: ghost.path, reason: 'unreadable: ENOENT' }]);
  });

  it('fails, naming the class, when no image of a class survives decoding', async () => {
    await writeBytes(join(root, 'cats', 'a.png'), await solidImage('png', RED));
    await writeBytes(join(root, 'dogs', 'broken.jpg'), 'not a jpeg');
    await writeBytes(join(root, 'dogs', 'empty.png'), '');
    const entries = await allEntries();
    const error = await loadImages(entries, { size: 8, classNames: ['cats', 'dogs'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('CLASS_EMPTY_AFTER_DECODE');
    expect((error as DatasetError).message).toContain("'dogs'");
    expect((error as DatasetError).message).not.toContain("'cats'");
    await expect(loadImages(entries, { size: 8 })).rejects.toThrow(/'class #1'/);
  });
});

describe('toBatchTensor', () => {
  it('stacks images into float32 NHWC with the byte values', () => {
    const a = Uint8Array.from({ length: 2 * 2 * 3 }, (_, i) => i);
    const b = Uint8Array.from({ length: 2 * 2 * 3 }, (_, i) => 255 - i);
    const batch = toBatchTensor([a, b], 2);
    try {
      expect(batch.shape).toEqual([2, 2, 2, 3]);
      expect(batch.dtype).toBe('float32');
      expect(Array.from(batch.dataSync())).toEqual([...a, ...b]);
    } finally {
      batch.dispose();
    }
  });

  it('rejects an image of the wrong size without leaking a tensor', () => {
    const before = tf.memory().numTensors;
    expect(() => toBatchTensor([new Uint8Array(12), new Uint8Array(11)], 2)).toThrow('image 1 has 11 values, expected 12');
    expect(tf.memory().numTensors).toBe(before);
  });
});
