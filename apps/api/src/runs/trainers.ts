import { and, eq, gt, isNotNull, max, sql } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { trainers } from '@transferlab/db/schema';

/** Records that a trainer (a worker token and the name it reports) was heard from, with the memory it declares. */
export async function recordTrainer(db: DbExecutor, trainer: { workerTokenId: string; name: string; memoryMb: number | null }): Promise<void> {
  await db
    .insert(trainers)
    .values({ ...trainer, lastSeenAt: sql`now()` })
    .onConflictDoUpdate({ target: [trainers.workerTokenId, trainers.name], set: { memoryMb: trainer.memoryMb, lastSeenAt: sql`now()` } });
}

/** A heartbeat: the trainer holding a run is alive; its declared memory stands as claimed. */
export async function touchTrainer(db: DbExecutor, workerTokenId: string, name: string): Promise<void> {
  await db
    .update(trainers)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(trainers.workerTokenId, workerTokenId), eq(trainers.name, name)));
}

/** The largest memory declared by a trainer heard from within `minutes`, or null when none was. */
export async function largestRecentTrainerMemoryMb(db: DbExecutor, minutes: number): Promise<number | null> {
  const [row] = await db
    .select({ memoryMb: max(trainers.memoryMb) })
    .from(trainers)
    .where(and(isNotNull(trainers.memoryMb), gt(trainers.lastSeenAt, sql`now() - ${minutes}::double precision * interval '1 minute'`)));
  return row?.memoryMb ?? null;
}
