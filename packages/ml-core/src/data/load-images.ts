import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import type { ImageEntry, SkippedFile } from './dataset-index';
import { decodeImage } from './decode-image';
import { DatasetError, ImageDecodeError } from './errors';
import { mapConcurrent } from './map-concurrent';

export interface LoadImagesOptions {
  size: number;
  /** Decodes in flight; sharp already uses a thread pool per image, so a few are enough. */
  concurrency?: number;
  maxInputPixels?: number;
  /** Names classes in errors; without it they are named by index. */
  classNames?: readonly string[];
  onSkip?: (skipped: SkippedFile) => void;
}

export interface LoadedImages<E extends ImageEntry = ImageEntry> {
  /** RGB bytes, size*size*3 each, aligned with `entries`. */
  pixels: Uint8Array[];
  entries: E[];
  skipped: SkippedFile[];
}

/**
 * Decodes entries to pixels. One bad file in a folder of photos is normal (a truncated download, a
 * text file named .jpg), so it is skipped and reported instead of failing the run; only a class
 * left without any image stops it, because a class with no examples cannot be learnt or measured.
 */
export async function loadImages<E extends ImageEntry>(
  entries: readonly E[],
  { size, concurrency = 4, maxInputPixels, classNames, onSkip }: LoadImagesOptions,
): Promise<LoadedImages<E>> {
  const skipped: SkippedFile[] = [];
  const decoded = await mapConcurrent(entries, concurrency, async (entry) => {
    try {
      return await decodeImage(await readFile(entry.path), { size, maxInputPixels });
    } catch (error) {
      const reason =
        error instanceof ImageDecodeError
          ? error.reason
          : `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))}`;
      const skip = { path: entry.path, reason };
      skipped.push(skip);
      onSkip?.(skip);
      return null;
    }
  });

  const pixels: Uint8Array[] = [];
  const kept: E[] = [];
  decoded.forEach((image, index) => {
    if (image === null) return;
    pixels.push(image);
    kept.push(entries[index] as E);
  });

  const emptied = [...new Set(entries.map((entry) => entry.classIndex))].filter(
    (classIndex) => !kept.some((entry) => entry.classIndex === classIndex),
  );
  if (emptied.length > 0) {
    const names = emptied.map((classIndex) => `'${classNames?.[classIndex] ?? `class #${classIndex}`}'`).join(', ');
    throw new DatasetError(
      'CLASS_EMPTY_AFTER_DECODE',
      `No image of ${names} could be decoded (${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped). Replace the broken files with JPEG, PNG, GIF, WebP or BMP images.`,
    );
  }
  return { pixels, entries: kept, skipped };
}

/**
 * Images (decoded RGB bytes, or rows of an earlier frozen part) packed into one float32 batch,
 * each `imageLength` values long (the first image's length unless given).
 */
export function packImages(images: readonly (Uint8Array | Float32Array)[], imageLength = images[0]?.length ?? 0): Float32Array {
  const values = new Float32Array(images.length * imageLength);
  images.forEach((image, index) => {
    if (image.length !== imageLength) throw new RangeError(`image ${index} has ${image.length} values, expected ${imageLength}`);
    values.set(image, index * imageLength);
  });
  return values;
}

/** Stacks RGB byte images into one float32 NHWC batch with values 0..255, ready for preprocessing. */
export function toBatchTensor(pixels: readonly Uint8Array[], size: number): tf.Tensor4D {
  return tf.tensor4d(packImages(pixels, size * size * 3), [pixels.length, size, size, 3], 'float32');
}
