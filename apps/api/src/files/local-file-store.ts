import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, copyFile, link, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StoredFileMissing, shardedName, type ByteRange, type FileStore, type FileStoreEntry, type PutOptions } from './file-store';
import { checkExpectedHash, HashingStream, sha256Of } from './hashing-stream';

/**
 * The embedded store: files under one folder, `<dir>/ab/abcdef…`. Writes go to a `.tmp` name
 * and are renamed into place, so a crash never leaves a partial file that looks complete.
 */
export class LocalFileStore implements FileStore {
  constructor(readonly dir: string) {}

  get location(): string {
    return this.dir;
  }

  pathOf(sha256: string): string {
    return join(this.dir, shardedName(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async stat(sha256: string): Promise<{ bytes: number } | null> {
    const info = await stat(this.pathOf(sha256)).catch(() => null);
    return info?.isFile() ? { bytes: info.size } : null;
  }

  async put(body: Uint8Array | Readable, options: PutOptions = {}): Promise<string> {
    if (body instanceof Uint8Array) {
      const sha256 = sha256Of(body);
      checkExpectedHash(sha256, options.sha256);
      if (!(await this.has(sha256))) await this.writeThenRename(sha256, (temp) => writeFile(temp, body));
      return sha256;
    }
    // The hash is known only at the end, so the bytes go to a temporary name in the store's own folder.
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, this.tempName());
    try {
      const hashing = new HashingStream();
      await pipeline(body, hashing, createWriteStream(temp));
      const sha256 = hashing.digest();
      checkExpectedHash(sha256, options.sha256);
      await mkdir(dirname(this.pathOf(sha256)), { recursive: true });
      await rename(temp, this.pathOf(sha256));
      return sha256;
    } finally {
      await rm(temp, { force: true });
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    // Opened first so that a missing file rejects here, before any response is started.
    const file = await open(this.pathOf(sha256)).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new StoredFileMissing(sha256, this.location) : error;
    });
    return file.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async copyTo(sha256: string, target: string): Promise<void> {
    const stored = this.pathOf(sha256);
    if (!(await this.has(sha256))) throw new StoredFileMissing(sha256, this.location);
    // A hard link costs no space; it fails across file systems, where a copy does the job.
    await link(stored, target).catch(() => copyFile(stored, target));
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Every stored file with its size and when it was written; `.tmp` files are marked temporary. */
  async *entries(): AsyncGenerator<FileStoreEntry> {
    const shards = await readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const shardPath = join(this.dir, shard);
      if (shard.endsWith('.tmp')) {
        const info = await stat(shardPath).catch(() => null);
        if (info?.isFile()) yield { name: shard, key: shardPath, bytes: info.size, modifiedMs: info.mtimeMs, temporary: true };
        continue;
      }
      const names = await readdir(shardPath).catch(() => [] as string[]);
      for (const name of names) {
        const path = join(shardPath, name);
        const info = await stat(path).catch(() => null);
        if (info?.isFile()) yield { name, key: path, bytes: info.size, modifiedMs: info.mtimeMs, temporary: name.endsWith('.tmp') };
      }
    }
  }

  async removeEntry(entry: FileStoreEntry): Promise<void> {
    if (!entry.key.startsWith(this.dir)) throw new Error(`${entry.key} is not in the file store ${this.dir}.`);
    await rm(entry.key, { force: true });
  }

  async removeLeftovers(olderThanMs: number): Promise<number> {
    let removed = 0;
    for await (const entry of this.entries()) {
      if (entry.temporary && Date.now() - entry.modifiedMs > olderThanMs) {
        await this.removeEntry(entry);
        removed++;
      }
    }
    return removed;
  }

  private tempName(): string {
    return `${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  }

  private async writeThenRename(sha256: string, write: (temp: string) => Promise<void>): Promise<void> {
    const path = this.pathOf(sha256);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${this.tempName()}`;
    try {
      await write(temp);
      await rename(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
  }
}
