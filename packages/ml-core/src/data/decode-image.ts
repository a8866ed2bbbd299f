import sharp, { type Sharp } from 'sharp';
import { decodeBmp } from './decode-bmp';
import { ImageDecodeError } from './errors';
import { sniffImageFormat } from './image-format';

export interface DecodeImageOptions {
  /** Output is size x size RGB. */
  size: number;
  /**
   * Refuse images with more pixels than this, read from the header before decoding, so a small
   * file claiming to be 100k x 100k (a decompression bomb) cannot take gigabytes. 100 MP is above
   * any camera's output.
   */
  maxInputPixels?: number;
}

const FORMAT_LABEL = { jpeg: 'JPEG', png: 'PNG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' } as const;

/**
 * Image bytes to `size*size*3` RGB bytes, as Keras `image_dataset_from_directory` prepares them:
 * stretched to the square (bilinear, no aspect-preserving crop), 3 channels, alpha dropped.
 * JPEG, PNG, GIF (first frame), WebP and BMP; anything else throws ImageDecodeError.
 */
export async function decodeImage(
  bytes: Buffer,
  { size, maxInputPixels = 100_000_000 }: DecodeImageOptions,
): Promise<Uint8Array> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  if (bytes.length === 0) throw new ImageDecodeError('EMPTY', 'empty file');
  const format = sniffImageFormat(bytes);
  if (format === null) throw new ImageDecodeError('NOT_AN_IMAGE', 'not an image');

  let pipeline: Sharp;
  if (format === 'bmp') {
    const { data, width, height } = decodeBmp(bytes, maxInputPixels);
    pipeline = sharp(data, { raw: { width, height, channels: 3 }, limitInputPixels: maxInputPixels });
  } else {
    // failOn 'truncated' rejects cut-off files but keeps JPEGs with harmless warnings (stray bytes
    // before a marker) that every viewer shows; the default 'warning' would drop those photos.
    // pages: 1 reads only the first frame of an animated GIF or WebP, as Keras does.
    pipeline = sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'truncated', pages: 1 });
  }

  try {
    const { data, info } = await pipeline
      // Phones store photos sideways plus an EXIF orientation tag; the label is for the photo as seen.
      .rotate()
      // Drops alpha without compositing, like TensorFlow's decode_png(channels=3). Only fully
      // transparent pixels differ: resizing premultiplies them to black.
      .removeAlpha()
      .toColourspace('srgb')
      // 'linear' is bilinear like Keras's default; libvips also antialiases when shrinking, which
      // Keras does not, so values are close to Keras's but not bit-identical.
      .resize(size, size, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== size * size * 3) {
      throw new ImageDecodeError('UNSUPPORTED', `unsupported ${FORMAT_LABEL[format]} layout`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) throw new ImageDecodeError('TOO_LARGE', 'too large');
    throw new ImageDecodeError('CORRUPT', `corrupt or truncated ${FORMAT_LABEL[format]}`);
  }
}
