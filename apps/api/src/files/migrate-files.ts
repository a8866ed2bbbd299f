import type { FileStore } from './file-store';

export interface MigrationReport {
  copied: number;
  copiedBytes: number;
  /** Already in the target with the same size: an earlier, interrupted run copied them. */
  skipped: number;
  /** Files whose bytes no longer hash to their name (damaged on disk): left out, named here. */
  damaged: string[];
}

/**
 * Copies every finished file of one store into another, so a server can move from its data folder
 * to a bucket. Resumable: a file the target already holds at the same size is skipped, and a file
 * the target holds at all was verified when it was written (writes are content-checked and
 * all-or-nothing). Each copy is hashed on the way and refused unless it matches its name.
 */
export async function migrateFiles({ from, to }: { from: FileStore; to: FileStore }): Promise<MigrationReport> {
  const report: MigrationReport = { copied: 0, copiedBytes: 0, skipped: 0, damaged: [] };
  for await (const entry of from.entries()) {
    if (entry.temporary) continue;
    const present = await to.stat(entry.name);
    if (present?.bytes === entry.bytes) {
      report.skipped++;
      continue;
    }
    // A different size means a damaged earlier object: replace it.
    if (present) await to.remove(entry.name);
    try {
      await to.put(await from.read(entry.name), { sha256: entry.name });
    } catch (error) {
      if ((error as { extensions?: { reason?: string } }).extensions?.reason !== 'HASH_MISMATCH') throw error;
      report.damaged.push(entry.name);
      continue;
    }
    report.copied++;
    report.copiedBytes += entry.bytes;
  }
  return report;
}
