import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** What makes a frozen backbone's output for an image what it is. */
export interface FeatureKeyParts {
  imageSha256: string;
  backbone: string;
  weightsHash: string;
  imageSize: number;
  preprocessing: string;
}

/**
 * Bump when anything between an image's bytes and its pooled features changes in ml-core's own
 * code: decoding, EXIF orientation, resizing, preprocessing, a backbone's layers, this file's
 * layout. Vectors stored under the old number then simply miss and are recomputed.
 */
export const FEATURE_FORMAT_VERSION = 2;

/**
 * Everything outside the image and the network that shapes its features: ml-core's format version
 * and the decoder (sharp and the libvips it bundles). Not in it: the frozen engine (ONNX Runtime
 * or TensorFlow.js) and, when fine-tuning, whether the pooled features came through the cut
 * point's prefix cache; both compute the same function and differ by float rounding (about 1e-6,
 * layers-to-onnx.test.ts), far below what training notices, so they share vectors.
 */
export const FEATURE_PIPELINE = `features-v${FEATURE_FORMAT_VERSION};sharp-${sharp.versions.sharp};vips-${sharp.versions.vips}`;

// A stored vector: this magic, its float count (uint32 LE), then the floats. The count lets a read
// tell a whole vector from a truncated one (which would otherwise be zero-padded downstream).
const MAGIC = Buffer.from('TLF1');
const HEADER_BYTES = MAGIC.length + 4;

/**
 * Pooled backbone features by image and everything that determines them. With a frozen
 * backbone an image's features never change, so each is computed once and reused across epochs
 * and across runs. Kept in memory, and on disk when a folder is given. A stored vector that is
 * not whole reads as missing, so the caller recomputes it and `set` replaces it.
 */
export class FeatureCache {
  hits = 0;
  misses = 0;
  private readonly memory = new Map<string, Float32Array>();

  constructor(private readonly dir: string | null = null) {}

  static key(parts: FeatureKeyParts, pipeline: string = FEATURE_PIPELINE): string {
    const { imageSha256, backbone, weightsHash, imageSize, preprocessing } = parts;
    return createHash('sha256').update(JSON.stringify([pipeline, imageSha256, backbone, weightsHash, imageSize, preprocessing])).digest('hex');
  }

  async get(key: string): Promise<Float32Array | undefined> {
    let found = this.memory.get(key);
    if (!found && this.dir) {
      const bytes = await readFile(this.fileOf(key)).catch(() => null);
      found = bytes ? decodeVector(bytes) : undefined;
      if (found) this.memory.set(key, found);
    }
    if (found) this.hits++;
    else this.misses++;
    return found;
  }

  async set(key: string, features: Float32Array): Promise<void> {
    this.memory.set(key, features);
    if (!this.dir) return;
    const path = this.fileOf(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    // Write then rename so a crash never leaves a half-written vector under the real name.
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, encodeVector(features));
    await rename(temp, path);
  }

  /** Where the vector of `key` is stored on disk (null for an in-memory cache). */
  pathOf(key: string): string | null {
    return this.dir && this.fileOf(key);
  }

  private fileOf(key: string): string {
    return join(this.dir!, key.slice(0, 2), `${key}.f32`);
  }
}

function encodeVector(features: Float32Array): Buffer {
  const count = Buffer.alloc(4);
  count.writeUInt32LE(features.length);
  return Buffer.concat([MAGIC, count, Buffer.from(features.buffer, features.byteOffset, features.byteLength)]);
}

/** The vector, or undefined when the bytes are not one whole vector (truncated, foreign, empty). */
function decodeVector(bytes: Buffer): Float32Array | undefined {
  if (bytes.byteLength < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const count = bytes.readUInt32LE(MAGIC.length);
  if (count === 0 || bytes.byteLength !== HEADER_BYTES + count * 4) return undefined;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + HEADER_BYTES, bytes.byteOffset + bytes.byteLength));
}
