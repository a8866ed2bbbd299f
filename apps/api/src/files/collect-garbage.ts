import type { DbExecutor } from '@transferlab/db';
import type { FileStore } from './file-store';
import { referencedFiles } from './file-references';

/**
 * Stored files are written before the row that names them: a file younger than this may belong to
 * an upload still in flight, so neither start-up nor `gc` touches it.
 */
export const UNREFERENCED_MIN_AGE_MS = 60 * 60 * 1000;

export interface GarbageReport {
  deletedFiles: number;
  deletedBytes: number;
  keptFiles: number;
}

/** Deletes stored files no row names (and unfinished writes' leftovers), older than `minAgeMs`. */
export async function collectGarbage({ db, files, minAgeMs = UNREFERENCED_MIN_AGE_MS }: { db: DbExecutor; files: FileStore; minAgeMs?: number }): Promise<GarbageReport> {
  const named = await referencedFiles(db);
  const report: GarbageReport = { deletedFiles: 0, deletedBytes: 0, keptFiles: 0 };
  for await (const entry of files.entries()) {
    const unnamed = entry.temporary || !named.has(entry.name);
    if (unnamed && Date.now() - entry.modifiedMs >= minAgeMs) {
      await files.removeEntry(entry);
      report.deletedFiles++;
      report.deletedBytes += entry.bytes;
    } else {
      report.keptFiles++;
    }
  }
  return report;
}
