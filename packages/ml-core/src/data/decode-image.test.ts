import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { gifBomb, pngBomb, rle8BmpBomb } from '../test-support/image-bombs';
import { decodeImage, type DecodeImageOptions } from './decode-image';
import { BLUE, encodeImage, meanRgb, pixelAt, rawRgb, RED, solidImage, type FixtureFormat, decodeFailure } from './image-fixtures';

const GREEN = [0, 255, 0] as const;

const decodeError = (bytes: Buffer, options: DecodeImageOptions = { size: 8 }) => decodeFailure(decodeImage(bytes, options));

describe('decodeImage', () => {
  it.each<FixtureFormat>(['jpeg', 'png', 'gif', 'webp', 'bmp'])('decodes a solid red %s to size x size RGB red', async (format) => {
    const pixels = await decodeImage(await solidImage(format, RED, 40, 20), { size: 16 });
    expect(pixels).toBeInstanceOf(Uint8Array);
    expect(pixels.length).toBe(16 * 16 * 3);
    const [r, g, b] = meanRgb(pixels);
    expect(r).toBeGreaterThan(240);
    expect(g).toBeLessThan(15);
    expect(b).toBeLessThan(15);
  });

  it.each<FixtureFormat>(['png', 'bmp'])('keeps the channel order and the orientation of a %s', async (format) => {
    // Red top-left, blue bottom-right quadrants: a BGR/RGB swap or a vertical flip shows up here.
    const raw = rawRgb(16, 16, (x, y) => (x < 8 && y < 8 ? RED : x >= 8 && y >= 8 ? BLUE : GREEN));
    const pixels = await decodeImage(await encodeImage(format, 16, 16, raw), { size: 16 });
    expect(pixelAt(pixels, 16, 0, 0)).toEqual([...RED]);
    expect(pixelAt(pixels, 16, 15, 15)).toEqual([...BLUE]);
    expect(pixelAt(pixels, 16, 15, 0)).toEqual([...GREEN]);
  });

  it('stretches to the square instead of cropping (Keras resizes without keeping the aspect ratio)', async () => {
    // Red | green | blue stripes: a centre crop would keep only green.
    const raw = rawRgb(60, 20, (x) => (x < 20 ? RED : x < 40 ? GREEN : BLUE));
    const pixels = await decodeImage(await encodeImage('png', 60, 20, raw), { size: 12 });
    expect(pixelAt(pixels, 12, 0, 6)).toEqual([...RED]);
    expect(pixelAt(pixels, 12, 11, 6)).toEqual([...BLUE]);
  });

  it('honours the EXIF orientation tag', async () => {
    // Stored 20x10 with red on the left; orientation 6 means "turn 90° clockwise to view",
    // so the viewed image is 10x20 with red on top.
    const raw = rawRgb(20, 10, (x) => (x < 10 ? RED : BLUE));
    const jpeg = await sharp(raw, { raw: { width: 20, height: 10, channels: 3 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    const pixels = await decodeImage(jpeg, { size: 10 });
    const topLeft = pixelAt(pixels, 10, 0, 0);
    const bottomLeft = pixelAt(pixels, 10, 0, 9);
    expect(topLeft[0]).toBeGreaterThan(200);
    expect(bottomLeft[2]).toBeGreaterThan(200);
  });

  it('reads the first frame of an animated GIF', async () => {
    const frame = (colour: readonly [number, number, number]) => solidImage('png', colour, 8, 8);
    const gif = await sharp([await frame(RED), await frame(BLUE)], { join: { animated: true } }).gif().toBuffer();
    const pixels = await decodeImage(gif, { size: 8 });
    expect(pixels.length).toBe(8 * 8 * 3);
    expect(pixelAt(pixels, 8, 4, 4)).toEqual([...RED]);
  });

  it('drops alpha and returns 3 channels for RGBA and greyscale inputs', async () => {
    const rgba = await sharp({ create: { width: 8, height: 8, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    expect(meanRgb(await decodeImage(rgba, { size: 8 }))).toEqual([255, 0, 0]);
    const grey = await sharp(rawRgb(8, 8, () => [100, 100, 100]), { raw: { width: 8, height: 8, channels: 3 } }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const pixels = await decodeImage(grey, { size: 8 });
    expect(pixels.length).toBe(8 * 8 * 3);
    expect(meanRgb(pixels)).toEqual([100, 100, 100]);
  });

  it('rejects an empty file, text and formats outside the supported list', async () => {
    expect((await decodeError(Buffer.alloc(0))).reason).toBe('empty file');
    expect((await decodeError(Buffer.from('just some notes, renamed to .jpg'))).reason).toBe('not an image');
    // sharp itself reads TIFF and SVG; we refuse them before they reach it.
    const tiff = await sharp(rawRgb(8, 8, () => RED), { raw: { width: 8, height: 8, channels: 3 } }).tiff().toBuffer();
    expect((await decodeError(tiff)).code).toBe('NOT_AN_IMAGE');
    expect((await decodeError(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'))).code).toBe('NOT_AN_IMAGE');
  });

  it('rejects a truncated JPEG', async () => {
    // Noise does not compress, so the cut lands in the middle of the scan data.
    const noise = rawRgb(64, 64, (x, y) => [(x * 37 + y * 91) % 256, (x * 53) % 256, (y * 71) % 256]);
    const jpeg = await encodeImage('jpeg', 64, 64, noise);
    const error = await decodeError(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    expect(error.reason).toBe('corrupt or truncated JPEG');
    expect(error.code).toBe('CORRUPT');
  });

  it.each([
    ['BMP', rle8BmpBomb],
    ['PNG', pngBomb],
    ['GIF', gifBomb],
  ])('refuses a %s bomb declaring 9000 x 9000 under the default 40 MP limit, naming both', async (_format, bomb) => {
    // Each of these decodes (to hundreds of megabytes) when nothing checks the header first.
    const error = await decodeError(bomb(9000, 9000));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.reason).toBe('too many pixels: 9000 x 9000 is 81 MP, over the limit of 40 MP; scale the image down (training resizes it to at most 1024 px anyway)');
  });

  it('decodes an honest RLE-compressed BMP (bmp-js on its worker thread)', async () => {
    // The bomb's own layout at a small size: palette entry 0 is black, but RLE leaves every pixel
    // it never sets white, as bmp-js fills the canvas with 0xff first.
    const pixels = await decodeImage(rle8BmpBomb(30, 20), { size: 4 });
    expect(meanRgb(pixels)).toEqual([255, 255, 255]);
  });

  it('applies maxInputPixels to every format, BMP included', async () => {
    for (const format of ['jpeg', 'png', 'gif', 'webp', 'bmp'] as const) {
      const image = await solidImage(format, RED, 100, 100);
      expect((await decodeError(image, { size: 8, maxInputPixels: 5_000 })).code).toBe('TOO_LARGE');
      await expect(decodeImage(image, { size: 8, maxInputPixels: 10_000 })).resolves.toHaveLength(8 * 8 * 3);
    }
  });

  it('rejects a size that is not a positive integer', async () => {
    const png = await solidImage('png', RED);
    await expect(decodeImage(png, { size: 0 })).rejects.toThrow(RangeError);
    await expect(decodeImage(png, { size: 2.5 })).rejects.toThrow(RangeError);
  });
});
