import { decodeImage } from './decode-image';
import type { ImageFormat } from './image-format';
import { DEFAULT_MAX_INPUT_PIXELS } from './pixel-limit';
import { readImageHeader } from './read-image-header';

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
 * Checks that the bytes are an image training can use and says what it is. The header is checked
 * first (a bomb is refused unread); then the pixels are really decoded, with decodeImage and its
 * limits, because a valid header says nothing about a truncated or corrupt body: whatever passes
 * here also decodes when a trainer loads it.
 */
export async function inspectImage(bytes: Buffer, { maxInputPixels = DEFAULT_MAX_INPUT_PIXELS }: InspectImageOptions = {}): Promise<ImageInfo> {
  const { format, displayed } = await readImageHeader(bytes, { maxInputPixels });
  // A tiny output keeps the check cheap; the whole input is still read and decoded.
  await decodeImage(bytes, { size: 8, maxInputPixels });
  return { format, width: displayed.width, height: displayed.height };
}
