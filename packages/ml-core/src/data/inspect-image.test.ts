import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { RED, rawRgb, solidImage, type FixtureFormat, decodeFailure } from './image-fixtures';
import { inspectImage } from './inspect-image';

const inspectError = (bytes: Buffer, maxInputPixels?: number) => decodeFailure(inspectImage(bytes, { maxInputPixels }));

describe('inspectImage', () => {
  it.each<FixtureFormat>(['jpeg', 'png', 'gif', 'webp', 'bmp'])('reports the format and size of a %s', async (format) => {
    expect(await inspectImage(await solidImage(format, RED, 40, 20))).toEqual({ format, width: 40, height: 20 });
  });

  it('reports the size as displayed when an EXIF orientation turns the photo', async () => {
    const jpeg = await sharp(rawRgb(20, 10, () => RED), { raw: { width: 20, height: 10, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await inspectImage(jpeg)).toEqual({ format: 'jpeg', width: 10, height: 20 });
  });

  it('reports one frame of an animated GIF', async () => {
    const frame = (colour: readonly [number, number, number]) => solidImage('png', colour, 8, 6);
    const gif = await sharp([await frame(RED), await frame([0, 0, 255])], { join: { animated: true } }).gif().toBuffer();
    expect(await inspectImage(gif)).toEqual({ format: 'gif', width: 8, height: 6 });
  });

  it('refuses text, empty files and truncated images', async () => {
    expect((await inspectError(Buffer.from('hello, I am not a picture'))).code).toBe('NOT_AN_IMAGE');
    expect((await inspectError(Buffer.alloc(0))).code).toBe('EMPTY');
    const jpeg = await solidImage('jpeg', RED, 64, 64);
    expect((await inspectError(jpeg.subarray(0, jpeg.length / 2))).code).toBe('CORRUPT');
  });

  it('refuses a PNG whose header claims more pixels than the limit, before decoding it', async () => {
    const png = Buffer.from(await solidImage('png', RED, 8, 8));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
    expect((await inspectError(png)).code).toBe('TOO_LARGE');
    expect((await inspectError(await solidImage('bmp', RED, 40, 20), 100)).code).toBe('TOO_LARGE');
  });
});
