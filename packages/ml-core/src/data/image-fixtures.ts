// Test factories: every test writes its own images into a fresh temp folder.
import * as bmp from 'bmp-js';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { ImageDecodeError } from './errors';

export type Rgb = readonly [number, number, number];
export type FixtureFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

export const RED: Rgb = [255, 0, 0];
export const BLUE: Rgb = [0, 0, 255];

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ml-core-data-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Raw RGB bytes of a width x height image whose pixel colour is `paint(x, y)`. */
export function rawRgb(width: number, height: number, paint: (x: number, y: number) => Rgb): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 3);
  }
  return data;
}

/** Encodes raw RGB in a format, BMP through bmp-js (24-bit, the layout most tools write). */
export async function encodeImage(format: FixtureFormat, width: number, height: number, rgb: Buffer): Promise<Buffer> {
  if (format === 'bmp') {
    const abgr = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      abgr[i * 4 + 1] = rgb[i * 3 + 2]!;
      abgr[i * 4 + 2] = rgb[i * 3 + 1]!;
      abgr[i * 4 + 3] = rgb[i * 3]!;
    }
    return bmp.encode({ data: abgr, width, height }).data;
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

export async function solidImage(format: FixtureFormat, colour: Rgb, width = 24, height = 16): Promise<Buffer> {
  return encodeImage(format, width, height, rawRgb(width, height, () => colour));
}

export async function writeBytes(path: string, bytes: Buffer | string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

/**
 * Writes `count` files per class under `dir`. Scanning never decodes, so the bytes only need to be
 * distinct (no accidental duplicates between train and val); each file holds its own path.
 */
export async function writeClassFiles(dir: string, counts: Record<string, number>, extension = 'jpg'): Promise<void> {
  for (const [className, count] of Object.entries(counts)) {
    for (let i = 0; i < count; i++) {
      const path = join(dir, className, `img${String(i).padStart(3, '0')}.${extension}`);
      await writeBytes(path, path);
    }
  }
}

/** Mean colour of packed RGB bytes. */
export function meanRgb(pixels: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < pixels.length; i++) sum[i % 3]! += pixels[i]!;
  const n = pixels.length / 3;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

/** RGB of pixel (x, y) in a size x size packed image. */
export function pixelAt(pixels: Uint8Array, size: number, x: number, y: number): [number, number, number] {
  const i = (y * size + x) * 3;
  return [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
}

/** The ImageDecodeError that `work` (a decode or a header read) fails with; anything else fails the test. */
export async function decodeFailure(work: Promise<unknown>): Promise<ImageDecodeError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ImageDecodeError)) throw new Error(`expected an ImageDecodeError, got ${error === null ? 'success' : String(error)}`);
  return error;
}
