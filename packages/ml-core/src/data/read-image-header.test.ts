import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { gifBomb, pngBomb, rle8BmpBomb } from '../test-support/image-bombs';
import { RED, rawRgb, solidImage, type FixtureFormat, decodeFailure } from './image-fixtures';
import { readImageHeader, type ReadImageHeaderOptions } from './read-image-header';

const FORMATS: FixtureFormat[] = ['jpeg', 'png', 'gif', 'webp', 'bmp'];
const NO_LIMIT: ReadImageHeaderOptions = { maxInputPixels: Number.MAX_SAFE_INTEGER };

/** A real image of the format whose header is rewritten to declare width x height; the pixel data stays small. */
async function declaring(format: FixtureFormat, width: number, height: number): Promise<Buffer> {
  if (format === 'bmp') return rle8BmpBomb(width, height);
  if (format === 'png') return pngBomb(width, height);
  if (format === 'gif') return gifBomb(width, height);
  const bytes = Buffer.from(await solidImage(format, RED, 40, 20));
  if (format === 'jpeg') {
    // Baseline start-of-frame: marker, length, precision, then height and width.
    const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
    bytes.writeUInt16BE(height, sof + 5);
    bytes.writeUInt16BE(width, sof + 7);
  } else {
    // Lossy WebP: RIFF header, 'VP8 ' chunk, frame tag, start code, then 14-bit width and height.
    expect(bytes.subarray(12, 16).toString('latin1')).toBe('VP8 ');
    bytes.writeUInt16LE(width, 26);
    bytes.writeUInt16LE(height, 28);
  }
  return bytes;
}

const headerError = (bytes: Buffer, options?: ReadImageHeaderOptions) => decodeFailure(readImageHeader(bytes, options));

describe('readImageHeader', () => {
  it.each(FORMATS)('reads the format and size of a %s', async (format) => {
    expect(await readImageHeader(await solidImage(format, RED, 40, 20))).toEqual({ format, width: 40, height: 20, displayed: { width: 40, height: 20 } });
  });

  it.each(FORMATS)('reads the size a %s declares without decoding its pixels', async (format) => {
    // 9000 x 9000 with no data for most of it: a decoder would allocate 81 MP, or fail on the
    // missing data, rather than answer with the size.
    expect(await readImageHeader(await declaring(format, 9000, 9000), NO_LIMIT)).toMatchObject({ format, width: 9000, height: 9000 });
  });

  it.each(FORMATS)('refuses a %s declaring more pixels than the limit, naming its size and the limit', async (format) => {
    const error = await headerError(await declaring(format, 9000, 9000));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.reason).toBe('too many pixels: 9000 x 9000 is 81 MP, over the limit of 40 MP; scale the image down (training resizes it to at most 1024 px anyway)');
    // At the limit is allowed; one pixel over is not, and never reads as equal to it.
    await expect(readImageHeader(await declaring(format, 1000, 1000), { maxInputPixels: 1_000_000 })).resolves.toMatchObject({ width: 1000, height: 1000 });
    expect((await headerError(await declaring(format, 1000, 1001), { maxInputPixels: 1_000_000 })).reason).toMatch(/^too many pixels: 1000 x 1001 is 1\.01 MP, over the limit of 1 MP;/);
  });

  it.each<[FixtureFormat, number, string]>([
    ['jpeg', 20, 'JPEG'],
    ['png', 20, 'PNG'],
    ['gif', 10, 'GIF'],
    ['webp', 20, 'WebP'],
    ['bmp', 30, 'BMP'],
  ])('refuses a %s cut inside its header as corrupt', async (format, keep, label) => {
    const error = await headerError((await solidImage(format, RED, 40, 20)).subarray(0, keep));
    expect(error.code).toBe('CORRUPT');
    expect(error.reason).toBe(`corrupt or truncated ${label}`);
  });

  it('reports the displayed size of a photo turned by its EXIF orientation', async () => {
    const jpeg = await sharp(rawRgb(20, 10, () => RED), { raw: { width: 20, height: 10, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 20, height: 10, displayed: { width: 10, height: 20 } });
  });

  it('refuses empty files, text, and BMP headers it cannot read', async () => {
    expect((await headerError(Buffer.alloc(0))).code).toBe('EMPTY');
    expect((await headerError(Buffer.from('hello, I am not a picture'))).code).toBe('NOT_AN_IMAGE');
    const os2 = Buffer.from(await solidImage('bmp', RED, 4, 4));
    os2.writeUInt32LE(12, 14);
    expect((await headerError(os2)).code).toBe('UNSUPPORTED');
    const topDown = Buffer.from(await solidImage('bmp', RED, 4, 3));
    topDown.writeInt32LE(-3, 22);
    expect(await readImageHeader(topDown)).toMatchObject({ width: 4, height: 3 });
  });
});
