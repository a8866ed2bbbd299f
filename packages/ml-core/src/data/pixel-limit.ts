import { z } from 'zod';
import { MAX_IMAGE_SIZE } from '@transferlab/run-config';
import { ImageDecodeError } from './errors';

/**
 * The most megapixels an image may declare before anything decodes it. Every image is resized to
 * at most 1024 x 1024 for training, so 40 MP (a 7300 x 5500 photo) loses nothing real, while a
 * tiny file claiming more (a decompression bomb) would cost a decoder gigabytes and seconds.
 */
export const DEFAULT_MAX_IMAGE_MEGAPIXELS = 40;
export const DEFAULT_MAX_INPUT_PIXELS = megapixelsToPixels(DEFAULT_MAX_IMAGE_MEGAPIXELS);

/**
 * `TRANSFERLAB_MAX_IMAGE_MEGAPIXELS`, read by the API (uploads, predictions) and by trainers
 * (datasets, the CLI), which must agree: an image the API accepts has to decode on every trainer.
 * Each env.ts adds `.default(DEFAULT_MAX_IMAGE_MEGAPIXELS)` itself, where the deployment checks
 * read defaults. The ceiling is sharp's own (16383 x 16383, the largest WebP).
 */
export const maxImageMegapixelsSetting = z.coerce.number().positive().max(268);

export function megapixelsToPixels(megapixels: number): number {
  return Math.round(megapixels * 1e6);
}

/** Refuses an image whose header declares more than `maxInputPixels`; the reason names both. */
export function checkPixelLimit({ width, height }: { width: number; height: number }, maxInputPixels: number): void {
  if (width * height <= maxInputPixels) return;
  // Rounded up, so that an image just over the limit never reads as equal to it.
  const megapixels = Math.ceil((width * height) / 1e4) / 100;
  throw new ImageDecodeError(
    'TOO_LARGE',
    `too many pixels: ${width} x ${height} is ${megapixels} MP, over the limit of ${formatMegapixels(maxInputPixels)} MP; scale the image down (training resizes it to at most ${MAX_IMAGE_SIZE} px anyway)`,
  );
}

/** "40", "0.5", "12.3": a limit in megapixels for messages, without noise digits. */
export function formatMegapixels(pixels: number): string {
  return String(Number((pixels / 1e6).toPrecision(3)));
}
