import sharp, { type ResizeOptions } from 'sharp';
import { decodeBmp } from './decode-bmp';
import { ImageDecodeError } from './errors';
import { FORMAT_LABEL } from './image-format';
import { DEFAULT_MAX_INPUT_PIXELS, formatMegapixels } from './pixel-limit';
import { readImageHeader } from './read-image-header';

export interface DecodeImageOptions {
  /** Output is size x size RGB. */
  size: number;
  /**
   * Refuse images that declare more pixels than this, read from the header before decoding, so a
   * small file claiming to be 9000 x 9000 (a decompression bomb) costs nothing. 40 MP by default.
   */
  maxInputPixels?: number;
}

// 'linear' is bilinear like Keras's default; libvips also antialiases when shrinking, which
// Keras does not, so values are close to Keras's but not bit-identical.
const RESIZE: ResizeOptions = { fit: 'fill', kernel: 'linear' };

/**
 * Image bytes to `size*size*3` RGB bytes, as Keras `image_dataset_from_directory` prepares them:
 * stretched to the square (bilinear, no aspect-preserving crop), 3 channels, alpha dropped.
 * JPEG, PNG, GIF (first frame), WebP and BMP; anything else throws ImageDecodeError.
 */
export async function decodeImage(
  bytes: Buffer,
  { size, maxInputPixels = DEFAULT_MAX_INPUT_PIXELS }: DecodeImageOptions,
): Promise<Uint8Array> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  const { format } = await readImageHeader(bytes, { maxInputPixels });

  if (format === 'bmp') {
    // bmp-js is plain JavaScript: rather than block the event loop, the BMP is decoded and resized
    // with RESIZE on a worker thread, and comes back ready (BMP has no orientation tag; alpha is
    // dropped there).
    return decodeBmp(bytes, { width: size, height: size, resize: RESIZE });
  }

  try {
    // failOn 'truncated' rejects cut-off files but keeps JPEGs with harmless warnings (stray bytes
    // before a marker) that every viewer shows; the default 'warning' would drop those photos.
    // pages: 1 reads only the first frame of an animated GIF or WebP, as Keras does.
    const { data, info } = await sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'truncated', pages: 1 })
      // Phones store photos sideways plus an EXIF orientation tag; the label is for the photo as seen.
      .rotate()
      // Drops alpha without compositing, like TensorFlow's decode_png(channels=3). Only fully
      // transparent pixels differ: resizing premultiplies them to black.
      .removeAlpha()
      .toColourspace('srgb')
      .resize(size, size, RESIZE)
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== size * size * 3) {
      throw new ImageDecodeError('UNSUPPORTED', `unsupported ${FORMAT_LABEL[format]} layout`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // readImageHeader has checked the same size; this is libvips's own check agreeing with it.
    if (/pixel limit/i.test(message)) throw new ImageDecodeError('TOO_LARGE', `too many pixels: over the limit of ${formatMegapixels(maxInputPixels)} MP`);
    throw new ImageDecodeError('CORRUPT', `corrupt or truncated ${FORMAT_LABEL[format]}`);
  }
}
