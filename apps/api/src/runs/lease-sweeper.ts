import { and, eq, lt, sql } from 'drizzle-orm';
import { failExhaustedRuns, graceAfterOutage } from '@transferlab/db/queries';
import { runs, type Run } from '@transferlab/db/schema';
import type { ApiServices } from '../context';
import { releaseFinishedCheckpoints } from './release-checkpoints';
import { publishRunStatus } from './run-events';

const MAX_INTERVAL_MS = 5_000;
const MIN_INTERVAL_MS = 50;

/**
 * Every few seconds (half a lease, at most 5 s) settles the runs whose worker stopped heartbeating:
 * a run whose cancel was requested becomes CANCELED, and a run that lost its worker on its last
 * allowed attempt becomes FAILED. Runs with attempts left need nothing: claimNextRun hands them out
 * again. Each change is one guarded UPDATE, so any number of API processes can sweep at once and
 * each run's change is published exactly once. Then it deletes ended runs' checkpoints. The timer
 * is unref'd: it never keeps a process alive.
 */
export function startLeaseSweeper(services: ApiServices): { stop(): void } {
  const interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.floor(services.leaseMs / 2)));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const tick = async () => {
    try {
      await sweepExpiredLeases(services);
      await releaseFinishedCheckpoints(services);
    } catch (error) {
      if (!stopped) services.logger.error({ err: error }, 'lease sweep failed');
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void tick(), interval);
    timer.unref();
  };
  schedule();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * One sweep; returns the runs it settled. First, if no API process swept for longer than a lease
 * (all were down, or the database was), every running run gets `leaseGraceMs` for its worker to
 * heartbeat again: a lease that expired while no one could take heartbeats says nothing about its worker.
 */
export async function sweepExpiredLeases({ db, events, leaseMs, leaseGraceMs, logger }: Pick<ApiServices, 'db' | 'events' | 'leaseMs' | 'leaseGraceMs' | 'logger'>): Promise<Run[]> {
  return db.transaction(async (tx) => {
    const extended = await graceAfterOutage(tx, { leaseMs, graceMs: leaseGraceMs });
    if (extended) logger.warn({ runs: extended, graceMs: leaseGraceMs }, 'no API took heartbeats for longer than a lease: running runs get a grace period for their workers to heartbeat again');
    const canceled = await tx
      .update(runs)
      .set({ status: 'CANCELED', finishedAt: sql`now()`, leaseExpiresAt: null })
      .where(and(eq(runs.status, 'RUNNING'), eq(runs.cancelRequested, true), lt(runs.leaseExpiresAt, sql`now()`)))
      .returning();
    const failed = await failExhaustedRuns(tx);
    const settled = [...canceled, ...failed];
    for (const run of settled) await publishRunStatus(events, run, tx);
    return settled;
  });
}
