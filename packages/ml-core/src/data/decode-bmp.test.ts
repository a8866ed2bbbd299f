import { describe, expect, it } from 'vitest';
import { decodeBmp } from './decode-bmp';
import { BLUE, encodeImage, rawRgb, RED, decodeFailure } from './image-fixtures';

interface BmpSpec {
  width: number;
  height: number;
  bitsPerPixel: number;
  compression?: number;
  headerSize?: number;
  /** Bytes between the header and the palette or pixels (bitfield masks). */
  afterHeader?: Buffer;
  palette?: Buffer;
  /** Pixel rows as stored (bottom-up for a positive height), padding included. */
  pixels: Buffer;
}

/** Hand-built BMPs in the variants bmp-js's own encoder never writes. */
function buildBmp({ width, height, bitsPerPixel, compression = 0, headerSize = 40, afterHeader = Buffer.alloc(0), palette = Buffer.alloc(0), pixels }: BmpSpec): Buffer {
  const header = Buffer.alloc(14 + headerSize);
  const dataOffset = 14 + headerSize + Math.max(0, afterHeader.length - (headerSize - 40)) + palette.length;
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(dataOffset + pixels.length, 2);
  header.writeUInt32LE(dataOffset, 10);
  header.writeUInt32LE(headerSize, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(bitsPerPixel, 28);
  header.writeUInt32LE(compression, 30);
  header.writeUInt32LE(pixels.length, 34);
  header.writeUInt32LE(palette.length / 4, 46);
  // V4/V5 headers hold the masks inside the header at the same place a V3 file puts them after it.
  afterHeader.copy(header, 54, 0, Math.min(afterHeader.length, headerSize - 40));
  return Buffer.concat([header, afterHeader.subarray(Math.max(0, headerSize - 40)), palette, pixels]);
}

// Decoded at its own size, where resizing changes nothing.
const decodeAtSize = (bytes: Buffer, width: number, height: number) => decodeBmp(bytes, { width, height, resize: { fit: 'fill' } });
const rgbAt = (data: Uint8Array, width: number, x: number, y: number) => [...data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];

const decodeError = (bytes: Buffer) => decodeFailure(decodeAtSize(bytes, 8, 8));

describe('decodeBmp', () => {
  it('decodes bmp-js 24-bit output with row padding (odd width) to RGB', async () => {
    const raw = rawRgb(5, 3, (x, y) => (x === 0 && y === 0 ? RED : x === 4 && y === 2 ? BLUE : [10, 20, 30]));
    expect(await decodeAtSize(await encodeImage('bmp', 5, 3, raw), 5, 3)).toEqual(new Uint8Array(raw));
  });

  it('reads a 32-bit V5 file with BGRA bitfields (as GIMP writes) in the right colours', async () => {
    const masks = Buffer.alloc(16);
    masks.writeUInt32LE(0x00ff0000, 0);
    masks.writeUInt32LE(0x0000ff00, 4);
    masks.writeUInt32LE(0x000000ff, 8);
    masks.writeUInt32LE(0xff000000, 12);
    // 2x1, bytes per pixel B,G,R,A: red then blue.
    const pixels = Buffer.from([0, 0, 255, 255, 255, 0, 0, 255]);
    const image = await decodeAtSize(buildBmp({ width: 2, height: 1, bitsPerPixel: 32, compression: 3, headerSize: 124, afterHeader: masks, pixels }), 2, 1);
    expect(rgbAt(image, 2, 0, 0)).toEqual([...RED]);
    expect(rgbAt(image, 2, 1, 0)).toEqual([...BLUE]);
  });

  it('finds the palette and pixels of an 8-bit file behind a V5 header', async () => {
    const palette = Buffer.from([0, 0, 255, 0, /* red */ 255, 0, 0, 0 /* blue */]);
    // 2x2 bottom-up, rows padded to 4 bytes: bottom row blue,red; top row red,blue.
    const pixels = Buffer.from([1, 0, 0, 0, 0, 1, 0, 0]);
    const image = await decodeAtSize(buildBmp({ width: 2, height: 2, bitsPerPixel: 8, headerSize: 124, palette, pixels }), 2, 2);
    expect(rgbAt(image, 2, 0, 0)).toEqual([...RED]);
    expect(rgbAt(image, 2, 1, 0)).toEqual([...BLUE]);
    expect(rgbAt(image, 2, 0, 1)).toEqual([...BLUE]);
  });

  it('rejects truncated files and variants it cannot read', async () => {
    const whole = await encodeImage('bmp', 8, 8, rawRgb(8, 8, () => RED));
    expect((await decodeError(whole.subarray(0, whole.length - 10))).reason).toBe('corrupt or truncated BMP');
    expect((await decodeError(whole.subarray(0, 30))).reason).toBe('corrupt or truncated BMP');
    expect((await decodeError(buildBmp({ width: 1, height: 1, bitsPerPixel: 24, compression: 4, pixels: Buffer.alloc(4) }))).code).toBe('UNSUPPORTED');
    expect((await decodeError(buildBmp({ width: 0, height: 1, bitsPerPixel: 24, pixels: Buffer.alloc(4) }))).code).toBe('CORRUPT');
  });
});
