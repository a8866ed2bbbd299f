import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { megabytes } from '../datasets/limits';
import { ZipArchive } from '../datasets/zip-archive';
import { zipEntryPath } from '../datasets/zip-entry-path';
import { badInput } from '../errors';
import { weightsTooLarge } from '../http/weights/read-weights-upload';
import { MAX_WEIGHTS_ZIP_ENTRIES } from './limits';

/**
 * Writes a zipped TensorFlow.js export into `dir` and returns the path of its model.json. Refused
 * whole, before anything is written: an entry that would land outside `dir`, more than
 * MAX_WEIGHTS_ZIP_ENTRIES entries, more than `maxBytes` unpacked, or not exactly one model.json.
 */
export async function unpackTfjsZip(zipPath: string, dir: string, maxBytes: number): Promise<string> {
  const zip = await ZipArchive.open(zipPath).catch((error: unknown) => {
    throw badInput(`The .zip cannot be read (${(error as Error).message}); zip the folder holding model.json and its weight files again.`);
  });
  try {
    if (zip.entryCount > MAX_WEIGHTS_ZIP_ENTRIES) throw badInput(`The zip has ${zip.entryCount} entries; a TensorFlow.js export needs model.json and its shards (at most ${MAX_WEIGHTS_ZIP_ENTRIES} entries).`);
    const files: { segments: string[]; entry: Parameters<ZipArchive['read']>[0] }[] = [];
    let total = 0;
    for (const { name, entry } of await zip.entries()) {
      const path = zipEntryPath(name, entry.externalFileAttributes);
      if (path.kind === 'escape') throw badInput(`The zip entry "${name.slice(0, 200)}" would land outside the export's folder (an absolute path, "..", a backslash or a symlink); zip the model folder itself.`);
      if (path.kind === 'skip') continue;
      total += entry.uncompressedSize;
      if (total > maxBytes) throw weightsTooLarge(maxBytes);
      files.push({ segments: path.segments, entry });
    }
    const modelJsons = files.filter((f) => f.segments[f.segments.length - 1] === 'model.json');
    if (modelJsons.length !== 1) {
      throw badInput(`The zip holds ${modelJsons.length} model.json files; it must hold exactly one, with the weight files it lists beside it (${megabytes(maxBytes)} MB at most).`);
    }
    for (const { segments, entry } of files) {
      const target = join(dir, ...segments);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await zip.read(entry));
    }
    return join(dir, ...modelJsons[0]!.segments);
  } finally {
    zip.close();
  }
}
