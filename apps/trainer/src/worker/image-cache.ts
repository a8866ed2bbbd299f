import { createHash } from 'node:crypto';
import { access, link, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiClient } from './api-client';
import { retryWhileUnavailable } from './retry';

export interface RunImage {
  sha256: string;
  className: string;
  split: string;
  url: string;
}

/**
 * Dataset images on this worker, by content hash: each is downloaded once, checked against its
 * hash, and shared by every later run that uses it.
 */
export class ImageCache {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Downloads what is missing (a few at a time); returns how many were fetched. */
  async ensure(api: ApiClient, images: RunImage[], concurrency = 4): Promise<number> {
    const missing: RunImage[] = [];
    for (const image of new Map(images.map((i) => [i.sha256, i])).values()) {
      if (!(await exists(this.pathOf(image.sha256)))) missing.push(image);
    }
    let next = 0;
    const fetchOne = async (): Promise<void> => {
      const image = missing[next++];
      if (!image) return;
      const bytes = await retryWhileUnavailable(() => api.download(image.url));
      const got = createHash('sha256').update(bytes).digest('hex');
      if (got !== image.sha256) throw new Error(`Image ${image.url} arrived damaged (sha256 ${got}, expected ${image.sha256}).`);
      const path = this.pathOf(image.sha256);
      await mkdir(join(this.dir, image.sha256.slice(0, 2)), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
      await fetchOne();
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, missing.length) }, fetchOne));
    return missing.length;
  }

  /**
   * Lays the run's images out as a Keras-style dataset folder (links into the cache, no copies):
   * `train/<class>/` and `val/<class>/` when the dataset has a validation split, else `<class>/`
   * so ml-core makes the seeded split itself.
   */
  async materialize(images: RunImage[], classes: string[], folder: string): Promise<void> {
    await rm(folder, { recursive: true, force: true });
    const hasVal = images.some((i) => i.split === 'val');
    const dirs = new Set<string>();
    for (const image of images) {
      const dir = hasVal ? join(folder, image.split === 'val' ? 'val' : 'train', image.className) : join(folder, image.className);
      if (!dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        dirs.add(dir);
      }
      // The decoder sniffs the format from the bytes, so the name needs no real extension; .img
      // keeps it recognisable as an image file to the folder scanner.
      const target = join(dir, `${image.sha256}.png`);
      await link(this.pathOf(image.sha256), target).catch(() => symlink(this.pathOf(image.sha256), target));
    }
    // Classes with no images in a split still need their folder, so class indices match.
    for (const c of classes) await mkdir(hasVal ? join(folder, 'train', c) : join(folder, c), { recursive: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
