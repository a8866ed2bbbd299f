import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Files (images, model files) stored once by their sha256 under one folder. Writes go to a
 * temporary name and are renamed into place, so a crash never leaves a partial file that looks
 * complete.
 */
export class FileStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  /** Stores the bytes (once) and returns their sha256. */
  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await this.has(sha256)) return sha256;
    const path = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, path);
    return sha256;
  }

  read(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  /** Deletes a stored file; a file already gone is no error. */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Every stored file with its size and when it was written; `.tmp` files are listed apart. */
  async *entries(): AsyncGenerator<{ name: string; path: string; bytes: number; modifiedMs: number; temporary: boolean }> {
    const shards = await readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await readdir(join(this.dir, shard)).catch(() => [] as string[]);
      for (const name of names) {
        const path = join(this.dir, shard, name);
        const info = await stat(path).catch(() => null);
        if (info?.isFile()) yield { name, path, bytes: info.size, modifiedMs: info.mtimeMs, temporary: name.endsWith('.tmp') };
      }
    }
  }

  /** Deletes a file `entries()` listed. */
  async removePath(path: string): Promise<void> {
    if (!path.startsWith(this.dir)) throw new Error(`${path} is not in the file store ${this.dir}.`);
    await rm(path, { force: true });
  }

  /**
   * Deletes `.tmp` files a crash left between writing and renaming. Only those older than
   * `olderThanMs`: another API process sharing the folder may be writing one right now.
   */
  async removeLeftovers(olderThanMs: number): Promise<number> {
    let removed = 0;
    for await (const entry of this.entries()) {
      if (entry.temporary && Date.now() - entry.modifiedMs > olderThanMs) {
        await rm(entry.path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
