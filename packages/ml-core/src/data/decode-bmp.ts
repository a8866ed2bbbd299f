import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ResizeOptions } from 'sharp';
import { corruptBmp, FILE_HEADER, INFO_HEADER, readBmpHeader, unsupportedBmp } from './bmp-header';

export interface DecodeBmpOptions {
  /** The size of the packed RGB that comes back. */
  width: number;
  height: number;
  /** How sharp resizes to it (decodeImage's options, so that a BMP is resized like any format). */
  resize: ResizeOptions;
}

interface DecodeTask extends DecodeBmpOptions {
  canonical: Buffer;
}

const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;

// Started on the first BMP; idle threads do not keep the process alive and leave after a while.
// Two at most: each decode holds up to 7 bytes per pixel of the limit, so this bounds the memory.
// Niced (on Linux) like the API's prediction workers: the event loop serving requests or a
// trainer's heartbeats gets the CPU first.
let pool: Piscina<DecodeTask, Uint8Array | null> | undefined;
const bmpPool = () =>
  (pool ??= new Piscina({
    filename: new URL('./decode-bmp-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: Math.min(2, availableParallelism()),
    idleTimeout: 30_000,
    niceIncrement: 10,
  }));

/**
 * BMP to packed RGB of the given size (sharp has no BMP loader). bmp-js assumes the 40-byte
 * BITMAPINFOHEADER and reads pixels right after it, ignoring the header's data offset; it also
 * reads 32-bit BI_BITFIELDS in the wrong byte order. Tools such as GIMP write the 124-byte V5 header
 * with bitfields, so we first rewrite every file into the one layout bmp-js reads correctly, then
 * decode and resize it on a worker thread. Callers check the declared size first
 * (readImageHeader): bmp-js allocates all of it.
 */
export async function decodeBmp(bytes: Buffer, { width, height, resize }: DecodeBmpOptions): Promise<Uint8Array> {
  const rgb = await bmpPool().run({ canonical: toCanonicalBmp(bytes), width, height, resize });
  if (rgb === null || rgb.length !== width * height * 3) throw corruptBmp();
  return rgb;
}

function toCanonicalBmp(bytes: Buffer): Buffer {
  const { dataOffset, headerSize, width, height, bitsPerPixel, colorsUsed, compression: declared } = readBmpHeader(bytes);
  let compression = declared;
  let extra: Buffer = Buffer.alloc(0);
  if (bitsPerPixel <= 8) {
    if (![1, 4, 8].includes(bitsPerPixel)) throw unsupportedBmp();
    const rle = (bitsPerPixel === 8 && compression === BI_RLE8) || (bitsPerPixel === 4 && compression === BI_RLE4);
    if (compression !== BI_RGB && !rle) throw unsupportedBmp();
    const entries = colorsUsed === 0 ? 1 << bitsPerPixel : colorsUsed;
    if (entries > 1 << bitsPerPixel) throw corruptBmp();
    const start = FILE_HEADER + headerSize;
    extra = bytes.subarray(start, start + entries * 4);
    if (extra.length < entries * 4) throw corruptBmp();
  } else if (bitsPerPixel === 32 && compression === BI_BITFIELDS) {
    // Masks sit right after the 40 bytes in every header version. Only the usual B,G,R,(A) byte
    // order is accepted; it is exactly what bmp-js reads for uncompressed 32-bit files.
    const red = bytes.readUInt32LE(54);
    const green = bytes.readUInt32LE(58);
    const blue = bytes.readUInt32LE(62);
    if (red !== 0x00ff0000 || green !== 0x0000ff00 || blue !== 0x000000ff) throw unsupportedBmp();
    compression = BI_RGB;
  } else if (!((bitsPerPixel === 16 || bitsPerPixel === 24 || bitsPerPixel === 32) && compression === BI_RGB)) {
    throw unsupportedBmp();
  }

  const pixels = bytes.subarray(dataOffset);
  if (compression === BI_RGB) {
    const rowBytes = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
    if (dataOffset > bytes.length || pixels.length < rowBytes * height) throw corruptBmp();
  }

  const header = Buffer.alloc(FILE_HEADER + INFO_HEADER);
  bytes.copy(header, 0, 0, FILE_HEADER + INFO_HEADER);
  header.writeUInt32LE(FILE_HEADER + INFO_HEADER + extra.length, 10);
  header.writeUInt32LE(INFO_HEADER, 14);
  header.writeUInt32LE(compression, 30);
  return Buffer.concat([header, extra, pixels]);
}
