// Decompression bombs for tests: tiny, valid files that declare a huge canvas, so that a decoder
// which trusts the header allocates width x height pixels. Each test makes its own; none is stored.
import { crc32, deflateSync } from 'node:zlib';

/**
 * An 8-bit RLE BMP (BI_RLE8) with a full palette whose pixel data is only "end of bitmap": 1,080
 * bytes whatever the size. bmp-js allocates and fills width * height * 4 bytes for it.
 */
export function rle8BmpBomb(width: number, height: number): Buffer {
  const paletteBytes = 256 * 4;
  const pixels = Buffer.from([0x00, 0x01]);
  const bytes = Buffer.alloc(14 + 40 + paletteBytes + pixels.length);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length, 2);
  bytes.writeUInt32LE(14 + 40 + paletteBytes, 10);
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(width, 18);
  bytes.writeInt32LE(height, 22);
  bytes.writeUInt16LE(1, 26);
  bytes.writeUInt16LE(8, 28);
  bytes.writeUInt32LE(1, 30); // BI_RLE8
  bytes.writeUInt32LE(pixels.length, 34);
  pixels.copy(bytes, 14 + 40 + paletteBytes);
  return bytes;
}

/**
 * A complete 1-bit greyscale PNG of width x height black pixels: its IDAT is a few kilobytes of
 * deflated zeros (about 10 KB for 9000 x 9000) that inflate to the whole canvas.
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  // Each row is a filter byte (0, none) and width bits of zeros.
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A 40-byte GIF whose screen and only frame are width x height (at most 65535 each), with LZW data
 * for almost none of it: libvips still allocates and clears the whole frame.
 */
export function gifBomb(width: number, height: number): Buffer {
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  screen[4] = 0x80; // a global colour table of 2 entries
  const frame = Buffer.alloc(10);
  frame[0] = 0x2c;
  frame.writeUInt16LE(width, 5);
  frame.writeUInt16LE(height, 7);
  const palette = Buffer.from([0, 0, 0, 255, 255, 255]);
  // LZW minimum code size 2, one 2-byte sub-block, block terminator, then the GIF trailer.
  const data = Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00, 0x3b]);
  return Buffer.concat([Buffer.from('GIF89a', 'latin1'), screen, palette, frame, data]);
}
