import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What makes a frozen backbone's output for an image what it is. */
export interface FeatureKeyParts {
  imageSha256: string;
  backbone: string;
  weightsHash: string;
  imageSize: number;
  preprocessing: string;
}

/**
 * Pooled backbone features by image and everything that determines them. With a frozen
 * backbone an image's features never change, so each is computed once and reused across epochs
 * and across runs. Kept in memory, and on disk when a folder is given.
 */
export class FeatureCache {
  hits = 0;
  misses = 0;
  private readonly memory = new Map<string, Float32Array>();

  constructor(private readonly dir: string | null = null) {}

  static key(parts: FeatureKeyParts): string {
    const { imageSha256, backbone, weightsHash, imageSize, preprocessing } = parts;
    return createHash('sha256').update(JSON.stringify([imageSha256, backbone, weightsHash, imageSize, preprocessing])).digest('hex');
  }

  async get(key: string): Promise<Float32Array | undefined> {
    let found = this.memory.get(key);
    if (!found && this.dir) {
      const bytes = await readFile(this.pathOf(key)).catch(() => null);
      if (bytes && bytes.byteLength % 4 === 0) {
        found = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        this.memory.set(key, found);
      }
    }
    if (found) this.hits++;
    else this.misses++;
    return found;
  }

  async set(key: string, features: Float32Array): Promise<void> {
    this.memory.set(key, features);
    if (!this.dir) return;
    const path = this.pathOf(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    // Write then rename so a crash never leaves a half-written vector under the real name.
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, Buffer.from(features.buffer, features.byteOffset, features.byteLength));
    await rename(temp, path);
  }

  private pathOf(key: string): string {
    return join(this.dir!, key.slice(0, 2), `${key}.f32`);
  }
}
