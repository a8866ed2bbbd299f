import { and, asc, eq, gt, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { runs } from '../schema';
import type { DbExecutor } from '../types';

/** `fair`: round-robin by team; `fifo`: oldest first, whoever queued it. */
export const CLAIM_ORDERS = ['fair', 'fifo'] as const;
export type ClaimOrder = (typeof CLAIM_ORDERS)[number];

export interface ClaimEligibility {
  order: ClaimOrder;
  /** The memory the claiming trainer declares; runs estimated above it are left for a larger one. Null: no bound. */
  memoryMb?: number | null;
}

/**
 * Which runs a trainer may claim: waiting ones, or ones whose worker's lease expired (a crashed or
 * partitioned worker) with attempts left, never one whose cancellation was requested, and only runs
 * it can hold. `t` is `runs` or an alias of it.
 */
function claimable(t: typeof runs, memoryMb: number | null | undefined): SQL | undefined {
  return and(
    eq(t.cancelRequested, false),
    or(eq(t.status, 'QUEUED'), and(eq(t.status, 'RUNNING'), lt(t.leaseExpiresAt, sql`now()`), lt(t.attempts, t.maxAttempts))),
    memoryMb == null ? undefined : or(isNull(t.memoryEstimateMb), lte(t.memoryEstimateMb, memoryMb)),
  );
}

/**
 * The id of the next run to claim, locked (`FOR UPDATE SKIP LOCKED`, so concurrent claimers never
 * pick the same row), as a subquery for claimNextRun's update.
 *
 * `fair` gives each team its turn: a run's place is its rank among its team's claimable runs plus the
 * runs the team already has training, so a team with 50 queued runs gets one claim, then another
 * team's single run is next, and a team already training waits behind one that is not. Ties go to
 * the oldest run.
 */
export function nextClaimableRun(db: DbExecutor, { order, memoryMb }: ClaimEligibility) {
  if (order === 'fifo') {
    return db
      .select({ id: runs.id })
      .from(runs)
      .where(claimable(runs, memoryMb))
      .orderBy(asc(runs.createdAt), asc(runs.id))
      .limit(1)
      .for('update', { skipLocked: true });
  }
  const waiting = alias(runs, 'waiting');
  const ranked = db
    .select({ id: waiting.id, turn: sql<number>`row_number() over (partition by ${waiting.teamId} order by ${waiting.createdAt}, ${waiting.id})`.as('turn') })
    .from(waiting)
    .where(claimable(waiting as unknown as typeof runs, memoryMb))
    .as('ranked');
  const busy = alias(runs, 'busy');
  const training = db
    .select({ count: sql<number>`count(*)` })
    .from(busy)
    .where(and(eq(busy.teamId, runs.teamId), eq(busy.status, 'RUNNING'), gt(busy.leaseExpiresAt, sql`now()`)));
  return db
    .select({ id: runs.id })
    .from(runs)
    .innerJoin(ranked, eq(ranked.id, runs.id))
    // Checked again on the locked row itself: under READ COMMITTED, PostgreSQL re-evaluates only this
    // WHERE against a row another claimer just took, not the ranking subquery's snapshot.
    .where(claimable(runs, memoryMb))
    .orderBy(sql`${ranked.turn} + (${training})`, asc(runs.createdAt), asc(runs.id))
    .limit(1)
    .for('update', { of: runs, skipLocked: true });
}
