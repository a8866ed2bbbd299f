import { count, eq, max } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { epochMetrics } from '@transferlab/db/schema';
import { AppError } from '../errors';

/**
 * Refuses to go on unless the run's stored epochs of each phase are 1..n with none missing. A
 * takeover once lost epochs (a dead worker's queued reports, a resumed attempt that did not
 * re-report them): a run must not succeed with a history that has holes in it.
 */
export async function requireWholeEpochs(db: DbExecutor, runId: string): Promise<void> {
  const phases = await db
    .select({ phase: epochMetrics.phase, stored: count(), last: max(epochMetrics.epoch) })
    .from(epochMetrics)
    .where(eq(epochMetrics.runId, runId))
    .groupBy(epochMetrics.phase);
  const holes = phases.filter((p) => p.stored !== p.last);
  if (!holes.length) return;
  const described = holes.map((p) => `${p.phase} has ${p.stored} of epochs 1-${p.last}`).join(', ');
  throw new AppError('CONFLICT', `Run ${runId} is missing epochs: ${described}. Report every epoch (reportEpoch is idempotent; a resumed attempt re-reports those its checkpoint carries), then finish the run.`, {
    reason: 'EPOCHS_MISSING',
  });
}

/** How many epochs (all phases) the run has stored. */
export async function storedEpochCount(db: DbExecutor, runId: string): Promise<number> {
  const [row] = await db.select({ stored: count() }).from(epochMetrics).where(eq(epochMetrics.runId, runId));
  return row?.stored ?? 0;
}
