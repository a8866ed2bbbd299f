import { eq, sql } from 'drizzle-orm';
import { runs, type Run, type RunWorker } from '../schema';
import type { DbExecutor } from '../types';
import { nextClaimableRun, type ClaimEligibility } from './claim-order';

export interface ClaimNextRunOptions extends Partial<ClaimEligibility> {
  /** Recorded as the lease owner; heartbeats and reports must come from the same worker. */
  workerName: string;
  /** How long the lease lasts without a heartbeat before the run may be claimed again. */
  leaseMs: number;
  /** What to record in `runs.worker`; defaults to `{ name: workerName }`. */
  worker?: RunWorker;
}

/**
 * Claims the next run that is waiting, or whose worker's lease has expired (a crashed or partitioned
 * worker), in one statement: any number of workers may call this at once and no run is handed out
 * twice. Which run is next, and which a trainer may hold, is claim-order.ts's business (oldest first
 * unless `order` says `fair`). Returns null when there is nothing to do.
 *
 * A run whose lease expired after its last allowed attempt is left for `failExhaustedRuns`, and one
 * whose cancellation was requested is never handed out again. Every claim gets a new `leaseId`, which
 * the worker sends with each call, so that the holder of an earlier claim is refused.
 */
export async function claimNextRun(
  db: DbExecutor,
  { workerName, leaseMs, worker, order, memoryMb }: ClaimNextRunOptions,
): Promise<Run | null> {
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) {
    throw new Error(`leaseMs must be a positive number of milliseconds (got ${leaseMs}).`);
  }
  const next = nextClaimableRun(db, { order: order ?? 'fifo', memoryMb });

  const [claimed] = await db
    .update(runs)
    .set({
      status: 'RUNNING',
      leaseOwner: workerName,
      leaseId: sql`gen_random_uuid()`,
      leaseExpiresAt: sql`now() + ${leaseMs}::double precision * interval '1 millisecond'`,
      worker: worker ?? { name: workerName },
      attempts: sql`${runs.attempts} + 1`,
      startedAt: sql`coalesce(${runs.startedAt}, now())`,
    })
    .where(eq(runs.id, sql`(${next})`))
    .returning();
  return claimed ?? null;
}
