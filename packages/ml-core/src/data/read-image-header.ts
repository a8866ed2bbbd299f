import sharp from 'sharp';
import { readBmpHeader } from './bmp-header';
import { ImageDecodeError } from './errors';
import { FORMAT_LABEL, sniffImageFormat, type ImageFormat } from './image-format';
import { checkPixelLimit, DEFAULT_MAX_INPUT_PIXELS } from './pixel-limit';

export interface ReadImageHeaderOptions {
  /** Refuse an image that declares more pixels than this (TOO_LARGE, naming its size and the limit). */
  maxInputPixels?: number;
}

export interface ImageHeader {
  format: ImageFormat;
  /** As stored (the first frame of an animation). */
  width: number;
  height: number;
  /** As displayed, after the EXIF orientation is applied. */
  displayed: { width: number; height: number };
}

/**
 * What an image declares itself to be, read from its header without decoding a pixel, and refused
 * there when it declares more pixels than the limit: a 1 KB file may claim 9000 x 9000, and a
 * decoder allocates whatever the header says. sharp reads JPEG, PNG, GIF and WebP headers on its
 * thread pool; BMP has its own reader.
 */
export async function readImageHeader(bytes: Buffer, { maxInputPixels = DEFAULT_MAX_INPUT_PIXELS }: ReadImageHeaderOptions = {}): Promise<ImageHeader> {
  if (bytes.length === 0) throw new ImageDecodeError('EMPTY', 'empty file');
  const format = sniffImageFormat(bytes);
  if (format === null) throw new ImageDecodeError('NOT_AN_IMAGE', 'not an image');
  const header = format === 'bmp' ? bmpHeader(bytes) : await sharpHeader(bytes, format);
  checkPixelLimit(header, maxInputPixels);
  return header;
}

function bmpHeader(bytes: Buffer): ImageHeader {
  // BMP has no orientation tag.
  const { width, height } = readBmpHeader(bytes);
  return { format: 'bmp', width, height, displayed: { width, height } };
}

async function sharpHeader(bytes: Buffer, format: Exclude<ImageFormat, 'bmp'>): Promise<ImageHeader> {
  try {
    // No pixel limit here: sharp's own refusal would not say the size, and this reads no pixels.
    // pages: 1 sizes the first frame of an animation, the one decodeImage reads.
    const { width, height, autoOrient } = await sharp(bytes, { pages: 1, limitInputPixels: false }).metadata();
    return { format, width, height, displayed: autoOrient };
  } catch {
    throw new ImageDecodeError('CORRUPT', `corrupt or truncated ${FORMAT_LABEL[format]}`);
  }
}
