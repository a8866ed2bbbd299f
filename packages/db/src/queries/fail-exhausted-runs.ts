import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { runs, type Run } from '../schema';
import type { DbExecutor } from '../types';

/**
 * Fails the runs whose lease expired on their last allowed attempt: each attempt's worker vanished
 * (crashed, was killed for memory, lost its network) without reporting a failure, so retrying again
 * would most likely do the same. Returns the runs it failed, for the caller to publish.
 */
export async function failExhaustedRuns(db: DbExecutor): Promise<Run[]> {
  const message = sql`'The run lost its worker ' || ${runs.attempts} || ' times (its lease expired without a heartbeat), so it is not retried again. Check the trainer logs for a crash or an out-of-memory kill, then start the run again, if need be with a smaller batch size or image size.'`;
  return db
    .update(runs)
    .set({
      status: 'FAILED',
      error: message,
      failure: sql`jsonb_build_object('code', 'INTERNAL', 'kind', 'system', 'message', ${message})`,
      finishedAt: sql`now()`,
      leaseExpiresAt: null,
    })
    .where(
      and(
        eq(runs.status, 'RUNNING'),
        lt(runs.leaseExpiresAt, sql`now()`),
        gte(runs.attempts, runs.maxAttempts),
      ),
    )
    .returning();
}
