import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Model } from '@transferlab/db/schema';
import { StoredFileMissing, type FileStore } from '../files/file-store';
import { modelFiles } from './model-files';

const pending = new Map<string, Promise<string>>();

type ModelSource = Pick<Model, 'id' | 'files' | 'metadata'>;

/**
 * Writes the model's files from the file store into `<modelsDir>/<model id>/` (once; later calls
 * return the folder) so ml-core's `loadModel` can read it. The folder is assembled under a
 * temporary name and renamed into place, so a folder that exists is complete, even if the process
 * died half-way through an earlier attempt or another API process raced this one.
 */
export function materialiseModel({ files, modelsDir, model, replace = false }: { files: FileStore; modelsDir: string; model: ModelSource; replace?: boolean }): Promise<string> {
  const dir = join(modelsDir, model.id);
  let work = pending.get(dir);
  if (!work) {
    work = assemble(files, dir, model, replace).finally(() => pending.delete(dir));
    pending.set(dir, work);
  }
  return work;
}

/**
 * `replace`: the folder is only a cache of the file store, so one that fails to load (a file
 * deleted or damaged by hand) is rebuilt rather than trusted.
 */
async function assemble(store: FileStore, dir: string, model: ModelSource, replace: boolean): Promise<string> {
  if (replace) await rm(dir, { recursive: true, force: true });
  else if (await exists(dir)) return dir;
  const staging = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { recursive: true });
  try {
    for (const [name, source] of modelFiles(model)) {
      const target = join(staging, name);
      if ('json' in source) {
        await writeFile(target, JSON.stringify(source.json));
        continue;
      }
      await store.copyTo(source.sha256, target).catch((error: unknown) => {
        throw error instanceof StoredFileMissing ? new Error(`Model ${model.id}: ${name} (sha256 ${source.sha256}) is missing from the file store ${store.location}.`) : error;
      });
    }
    try {
      await rename(staging, dir);
    } catch (error) {
      // Another process finished the same folder first; its copy is as good as ours.
      if (!(await exists(dir))) throw error;
    }
    return dir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
