import * as bmp from 'bmp-js';
import { ImageDecodeError } from './errors';

export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

const FILE_HEADER = 14;
const INFO_HEADER = 40;
const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;

const corrupt = () => new ImageDecodeError('CORRUPT', 'corrupt or truncated BMP');
const unsupported = () => new ImageDecodeError('UNSUPPORTED', 'unsupported BMP variant');

/**
 * BMP to packed RGB (sharp has no BMP loader). bmp-js assumes the 40-byte BITMAPINFOHEADER and
 * reads pixels right after it, ignoring the header's data offset; it also reads 32-bit BI_BITFIELDS
 * in the wrong byte order. Tools such as GIMP write the 124-byte V5 header with bitfields, so we
 * first rewrite every file into the one layout bmp-js reads correctly. The header is checked before
 * bmp-js allocates width*height*4 bytes, so a forged size cannot exhaust memory.
 */
export function decodeBmp(bytes: Buffer, maxInputPixels: number): RgbImage {
  const canonical = toCanonicalBmp(bytes, maxInputPixels);
  let decoded: bmp.ImageData;
  try {
    decoded = bmp.decode(canonical);
  } catch {
    throw corrupt();
  }
  const { width, height } = decoded;
  const abgr = decoded.data;
  const rgb = Buffer.allocUnsafe(width * height * 3);
  for (let src = 0, dst = 0; dst < rgb.length; src += 4, dst += 3) {
    rgb[dst] = abgr[src + 3] as number;
    rgb[dst + 1] = abgr[src + 2] as number;
    rgb[dst + 2] = abgr[src + 1] as number;
  }
  return { data: rgb, width, height };
}

function toCanonicalBmp(bytes: Buffer, maxInputPixels: number): Buffer {
  if (bytes.length < FILE_HEADER + INFO_HEADER) throw corrupt();
  const dataOffset = bytes.readUInt32LE(10);
  const headerSize = bytes.readUInt32LE(14);
  // The 12-byte OS/2 core header stores 16-bit sizes; bmp-js cannot read it.
  if (headerSize < INFO_HEADER) throw unsupported();
  const width = bytes.readInt32LE(18);
  const height = bytes.readInt32LE(22);
  const bitsPerPixel = bytes.readUInt16LE(28);
  let compression = bytes.readUInt32LE(30);
  const colorsUsed = bytes.readUInt32LE(46);
  if (width <= 0 || height === 0) throw corrupt();
  if (width * Math.abs(height) > maxInputPixels) throw new ImageDecodeError('TOO_LARGE', 'too large');

  let extra: Buffer = Buffer.alloc(0);
  if (bitsPerPixel <= 8) {
    if (![1, 4, 8].includes(bitsPerPixel)) throw unsupported();
    const rle = (bitsPerPixel === 8 && compression === BI_RLE8) || (bitsPerPixel === 4 && compression === BI_RLE4);
    if (compression !== BI_RGB && !rle) throw unsupported();
    const entries = colorsUsed === 0 ? 1 << bitsPerPixel : colorsUsed;
    if (entries > 1 << bitsPerPixel) throw corrupt();
    const start = FILE_HEADER + headerSize;
    extra = bytes.subarray(start, start + entries * 4);
    if (extra.length < entries * 4) throw corrupt();
  } else if (bitsPerPixel === 32 && compression === BI_BITFIELDS) {
    // Masks sit right after the 40 bytes in every header version. Only the usual B,G,R,(A) byte
    // order is accepted; it is exactly what bmp-js reads for uncompressed 32-bit files.
    const red = bytes.readUInt32LE(54);
    const green = bytes.readUInt32LE(58);
    const blue = bytes.readUInt32LE(62);
    if (red !== 0x00ff0000 || green !== 0x0000ff00 || blue !== 0x000000ff) throw unsupported();
    compression = BI_RGB;
  } else if (!((bitsPerPixel === 16 || bitsPerPixel === 24 || bitsPerPixel === 32) && compression === BI_RGB)) {
    throw unsupported();
  }

  const pixels = bytes.subarray(dataOffset);
  if (compression === BI_RGB) {
    const rowBytes = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
    if (dataOffset > bytes.length || pixels.length < rowBytes * Math.abs(height)) throw corrupt();
  }

  const header = Buffer.alloc(FILE_HEADER + INFO_HEADER);
  bytes.copy(header, 0, 0, FILE_HEADER + INFO_HEADER);
  header.writeUInt32LE(FILE_HEADER + INFO_HEADER + extra.length, 10);
  header.writeUInt32LE(INFO_HEADER, 14);
  header.writeUInt32LE(compression, 30);
  return Buffer.concat([header, extra, pixels]);
}
