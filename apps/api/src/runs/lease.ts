import { and, eq, type SQL } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { finishedRunStatuses, runs, type Run } from '@transferlab/db/schema';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { requireWorker } from '../auth/authorize';
import type { Viewer } from '../auth/viewer';
import type { ApiContext } from '../context';
import { AppError, badInput, notFound } from '../errors';
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
 * One claim of a run: the worker token that made it and the claim's own id. Both must match: the
 * token, so a lease id alone is no credential; the id, so that of two trainers sharing a token
 * the one whose claim was taken over is refused.
 */
export interface Lease {
  owner: string;
  id: string;
}

/** The lease a worker call names; only worker tokens make such calls. */
export function workerLease(ctx: ApiContext, leaseId: string | undefined): Lease {
  const owner = leaseOwnerOf(requireWorker(ctx));
  if (!leaseId || !isUuid(leaseId)) {
    throw badInput('Send the leaseId that claimRun returned for this run (on the file routes, in the X-Lease-Id header).', { field: 'leaseId' });
  }
  return { owner, id: leaseId };
}

const holds = (runId: string, lease: Lease) => and(eq(runs.id, runId), eq(runs.status, 'RUNNING'), eq(runs.leaseOwner, lease.owner), eq(runs.leaseId, lease.id));

/**
 * Applies `set` to the run only while it is RUNNING and `owner` holds its lease, in one statement,
 * so a report can never land on a run that was canceled, finished or handed to another worker in
 * the meantime. Otherwise throws an error that tells the worker why to stop.
 */
export async function updateLeasedRun(db: DbExecutor, runId: string, lease: Lease, set: PgUpdateSetSource<typeof runs>): Promise<Run> {
  if (!isUuid(runId)) throw notFound('Run');
  const [run] = await db.update(runs).set(set).where(holds(runId, lease)).returning();
  if (run) return run;
  throw await whyNotLeased(db, runId);
}

/**
 * Runs a statement of one's own that acts on the run only where `held` (the condition on `runs`
 * that `lease` holds it) is true, and returns its rows; one round trip for writes that also
 * publish. No row means the lease did not hold the run: throws the same error as updateLeasedRun.
 */
export async function executeWhileLeased<Row extends Record<string, unknown>>(db: DbExecutor, runId: string, lease: Lease, statement: (held: SQL) => SQL): Promise<Row[]> {
  if (!isUuid(runId)) throw notFound('Run');
  const result = await db.execute<Row>(statement(holds(runId, lease)!));
  if (result.rows.length) return result.rows;
  throw await whyNotLeased(db, runId);
}

/** The run while `lease` holds it, without changing it; otherwise the same error as updateLeasedRun. */
export async function requireLeasedRun(db: DbExecutor, runId: string, lease: Lease): Promise<Run> {
  const run = await findRun(db, runId);
  if (run?.status === 'RUNNING' && run.leaseOwner === lease.owner && run.leaseId === lease.id) return run;
  throw await whyNotLeased(db, runId, run);
}

/**
 * Inside a transaction: locks the run while `lease` holds it, so that no cancel, sweep or second
 * report changes it before the transaction commits; otherwise the same error as updateLeasedRun.
 */
export async function lockLeasedRun(tx: DbExecutor, runId: string, lease: Lease): Promise<Run> {
  if (!isUuid(runId)) throw notFound('Run');
  const [run] = await tx.select().from(runs).where(holds(runId, lease)).for('update');
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
    `This worker no longer holds the lease on run ${run.id}: it expired without a heartbeat and the run went back to the queue or to another claim (this one's leaseId is not the run's). Stop working on it and claim a new run.`,
    { reason: 'LEASE_LOST', status: run.status },
  );
}
