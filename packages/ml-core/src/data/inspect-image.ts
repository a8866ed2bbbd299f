import sharp from 'sharp';
import { decodeImage } from './decode-image';
import { ImageDecodeError } from './errors';
import { sniffImageFormat, type ImageFormat } from './image-format';

export { sniffImageFormat, type ImageFormat } from './image-format';

export interface InspectImageOptions {
  /** The same header-checked pixel limit as decodeImage: decompression bombs are refused unread. */
  maxInputPixels?: number;
}

export interface ImageInfo {
  format: ImageFormat;
  /** As displayed, after the EXIF orientation is applied. */
  width: number;
  height: number;
}

/**
 * Checks that the bytes are an image training can use and says what it is. The pixels are really
 * decoded, with decodeImage and its limits, because a valid header says nothing about a truncated or
 * corrupt body: whatever passes here also decodes when a trainer loads it.
 */
export async function inspectImage(bytes: Buffer, { maxInputPixels = 100_000_000 }: InspectImageOptions = {}): Promise<ImageInfo> {
  // A tiny output keeps the check cheap; the whole input is still read and decoded.
  await decodeImage(bytes, { size: 8, maxInputPixels });
  const format = sniffImageFormat(bytes);
  if (format === null) throw new ImageDecodeError('NOT_AN_IMAGE', 'not an image');
  if (format === 'bmp') {
    // decodeImage has validated this header; BMP has no orientation tag.
    return { format, width: bytes.readInt32LE(18), height: Math.abs(bytes.readInt32LE(22)) };
  }
  const { autoOrient } = await sharp(bytes, { limitInputPixels: maxInputPixels, pages: 1 }).metadata();
  return { format, width: autoOrient.width, height: autoOrient.height };
}
