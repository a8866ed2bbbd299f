import { ImageDecodeError } from './errors';

/** The fields of a BMP's file header and BITMAPINFOHEADER (or a later version) that decoding needs. */
export interface BmpHeader {
  /** Where the pixel array starts. */
  dataOffset: number;
  /** 40 for BITMAPINFOHEADER, 108 for V4, 124 for V5. */
  headerSize: number;
  width: number;
  /** Rows, whichever way they are stored (a negative height in the file means top-down). */
  height: number;
  bitsPerPixel: number;
  compression: number;
  colorsUsed: number;
}

export const FILE_HEADER = 14;
export const INFO_HEADER = 40;

export const corruptBmp = () => new ImageDecodeError('CORRUPT', 'corrupt or truncated BMP');
export const unsupportedBmp = () => new ImageDecodeError('UNSUPPORTED', 'unsupported BMP variant');

/**
 * Reads a BMP's header without touching its pixels (sharp has no BMP loader to ask), so that the
 * declared size can be checked before bmp-js allocates width * height * 4 bytes.
 */
export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  if (bytes.length < FILE_HEADER + INFO_HEADER) throw corruptBmp();
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.readUInt32LE(14);
  // The 12-byte OS/2 core header stores 16-bit sizes; bmp-js cannot read it.
  if (headerSize < INFO_HEADER) throw unsupportedBmp();
  const width = view.readInt32LE(18);
  const height = view.readInt32LE(22);
  if (width <= 0 || height === 0) throw corruptBmp();
  return {
    dataOffset: view.readUInt32LE(10),
    headerSize,
    width,
    height: Math.abs(height),
    bitsPerPixel: view.readUInt16LE(28),
    compression: view.readUInt32LE(30),
    colorsUsed: view.readUInt32LE(46),
  };
}
