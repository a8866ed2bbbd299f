import { sql } from 'drizzle-orm';
import type { ApiServices } from '../context';
import { isFileReferenced } from '../files/file-references';

/** Runs settled per sweep: a backlog (after an upgrade) drains over a few sweeps instead of one long one. */
const BATCH = 100;

/**
 * Forgets the checkpoints of runs that ended (succeeded, failed, canceled: no attempt will resume
 * them) and deletes their files unless another row names the same bytes. Checkpoints are up to
 * hundreds of MB, one a minute per run; a finished run keeps only its model files. The column is
 * cleared first, so a crash between the two leaves an unreferenced file for `gc`, never a row
 * naming a missing file. Returns the files it deleted.
 */
export async function releaseFinishedCheckpoints({ db, files }: Pick<ApiServices, 'db' | 'files'>): Promise<number> {
  const released = await db.execute<{ sha256: string }>(sql`
    update runs set checkpoint_sha256 = null
    from (
      select id, checkpoint_sha256 from runs
      where status in ('SUCCEEDED', 'FAILED', 'CANCELED') and checkpoint_sha256 is not null
      limit ${BATCH} for update skip locked
    ) as ended
    where runs.id = ended.id
    returning ended.checkpoint_sha256 as sha256`);
  let deleted = 0;
  for (const sha256 of new Set(released.rows.map((row) => row.sha256))) {
    if (await isFileReferenced(db, sha256)) continue;
    await files.remove(sha256);
    deleted++;
  }
  return deleted;
}

/** After a newer checkpoint replaced it: deletes the older one's file unless a row still names it. */
export async function releaseSupersededCheckpoint({ db, files }: Pick<ApiServices, 'db' | 'files'>, previous: string | null, current: string): Promise<void> {
  if (!previous || previous === current || (await isFileReferenced(db, previous))) return;
  await files.remove(previous);
}
