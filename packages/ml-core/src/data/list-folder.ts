import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { compareCodePoints } from './compare-code-points';
import { hasImageExtension } from './image-format';
import type { SkippedFile } from './dataset-index';

/** Hidden entries (.DS_Store, .git, ._photo.jpg from macOS) are never data. */
const isHidden = (name: string) => name.startsWith('.');

export interface FolderListing {
  dirs: string[];
  files: string[];
}

/** Non-hidden names of one folder, sorted by code point; symlinks count as what they point to. */
export async function listFolder(dir: string): Promise<FolderListing> {
  const entries = await readdir(dir, { withFileTypes: true });
  const dirs: string[] = [];
  const files: string[] = [];
  for (const entry of entries) {
    if (isHidden(entry.name)) continue;
    const kind = await kindOf(dir, entry);
    if (kind === 'dir') dirs.push(entry.name);
    else if (kind === 'file') files.push(entry.name);
  }
  return { dirs: dirs.sort(compareCodePoints), files: files.sort(compareCodePoints) };
}

export interface ClassFiles {
  images: string[];
  skipped: SkippedFile[];
}

/**
 * Image files of one class folder, including its subfolders as Keras does, as absolute paths in
 * code-point order: readdir order depends on the file system, and the seeded split must not.
 * Symlinked subfolders are not followed (Keras's follow_links=False), which also rules out cycles.
 */
export async function listClassImages(classDir: string): Promise<ClassFiles> {
  const images: string[] = [];
  const skipped: SkippedFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (isHidden(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if ((await kindOf(dir, entry)) === 'file') {
        if (hasImageExtension(entry.name)) images.push(path);
        else skipped.push({ path, reason: `not an image file: ${relative(classDir, path)}` });
      }
    }
  };
  await walk(classDir);
  return { images: images.sort(compareCodePoints), skipped };
}

async function kindOf(dir: string, entry: Dirent): Promise<'dir' | 'file' | 'other'> {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = await stat(join(dir, entry.name));
    return target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
  } catch {
    return 'other'; // a dangling link
  }
}
