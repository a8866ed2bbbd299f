// BMP decoding for decode-bmp.ts, on a worker thread: bmp-js fills width * height * 4 bytes pixel
// by pixel, seconds of work for a large file, and a canvas that size on the calling thread also
// costs it a long garbage collection. So the image is decoded and resized here, and only the
// small result crosses back. Plain JavaScript because worker threads do not inherit the tsx loader
// that runs the workspace's TypeScript (module.register hooks are per thread in Node 20).
import { Buffer } from 'node:buffer';
import bmp from 'bmp-js';
import sharp from 'sharp';

/**
 * A BMP in the one layout bmp-js reads correctly (see toCanonicalBmp) to packed RGB of
 * `width` x `height`, resized with sharp's `resize` options; null when bmp-js cannot read it
 * (truncated or corrupt pixel data).
 */
export default async function decodeCanonicalBmp({ canonical, width, height, resize }) {
  let decoded;
  try {
    decoded = bmp.decode(Buffer.from(canonical.buffer, canonical.byteOffset, canonical.byteLength));
  } catch {
    return null;
  }
  const abgr = decoded.data;
  const rgb = Buffer.allocUnsafe(decoded.width * decoded.height * 3);
  for (let src = 0, dst = 0; dst < rgb.length; src += 4, dst += 3) {
    rgb[dst] = abgr[src + 3];
    rgb[dst + 1] = abgr[src + 2];
    rgb[dst + 2] = abgr[src + 1];
  }
  const raw = { width: decoded.width, height: decoded.height, channels: 3 };
  return sharp(rgb, { raw, limitInputPixels: false }).resize(width, height, resize).raw().toBuffer();
}
