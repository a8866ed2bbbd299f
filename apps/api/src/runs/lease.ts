import { and, eq } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { finishedRunStatuses, runs, type Run } from '@transferlab/db/schema';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Viewer } from '../auth/viewer';
import { AppError, notFound } from '../errors';
import { findRun } from './find-run';
import { isUuid } from '../ids';

type WorkerViewer = Extract<Viewer, { kind: 'worker' }>;

/**
 * Who a lease belongs to: the worker token. Token names need not be unique, their ids are, so two
 * trainers with differently issued tokens can never act on each other's runs.
 */
export function leaseOwnerOf(worker: WorkerViewer): string {
  return worker.workerTokenId;
}

/**
 * Applies `set` to the run only while it is RUNNING and `owner` holds its lease, in one statement,
 * so a report can never land on a run that was canceled, finished or handed to another worker in
 * the meantime. Otherwise throws an error that tells the worker why to stop.
 */
export async function updateLeasedRun(db: DbExecutor, runId: string, owner: string, set: PgUpdateSetSource<typeof runs>): Promise<Run> {
  if (!isUuid(runId)) throw notFound('Run');
  const [run] = await db
    .update(runs)
    .set(set)
    .where(and(eq(runs.id, runId), eq(runs.status, 'RUNNING'), eq(runs.leaseOwner, owner)))
    .returning();
  if (run) return run;
  throw await whyNotLeased(db, runId);
}

/** The run while `owner` holds its lease, without changing it; otherwise the same error as updateLeasedRun. */
export async function requireLeasedRun(db: DbExecutor, runId: string, owner: string): Promise<Run> {
  const run = await findRun(db, runId);
  if (run?.status === 'RUNNING' && run.leaseOwner === owner) return run;
  throw await whyNotLeased(db, runId, run);
}

/**
 * Inside a transaction: locks the run while `owner` holds its lease, so that no cancel, sweep or
 * second report changes it before the transaction commits; otherwise the same error as updateLeasedRun.
 */
export async function lockLeasedRun(tx: DbExecutor, runId: string, owner: string): Promise<Run> {
  if (!isUuid(runId)) throw notFound('Run');
  const [run] = await tx
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.status, 'RUNNING'), eq(runs.leaseOwner, owner)))
    .for('update');
  if (run) return run;
  throw await whyNotLeased(tx, runId);
}

async function whyNotLeased(db: DbExecutor, runId: string, known?: Run | null): Promise<AppError> {
  const run = known === undefined ? await findRun(db, runId) : known;
  if (!run) return notFound('Run');
  if ((finishedRunStatuses as readonly string[]).includes(run.status)) {
    return new AppError('CONFLICT', `Run ${run.id} is already ${run.status}; it takes no more reports. Stop working on it.`, {
      reason: 'RUN_FINISHED',
      status: run.status,
    });
  }
  return new AppError(
    'CONFLICT',
    `This worker no longer holds the lease on run ${run.id}: it expired without a heartbeat and the run went back to the queue or to another worker. Stop working on it and claim a new run.`,
    { reason: 'LEASE_LOST', status: run.status },
  );
}
