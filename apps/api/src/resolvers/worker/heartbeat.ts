import { sql } from 'drizzle-orm';
import type { ApiContext } from '../../context';
import type { HeartbeatResult } from '../../generated/graphql';
import { requireWorker } from '../../auth/authorize';
import { updateLeasedRun, workerLease } from '../../runs/lease';
import { touchTrainer } from '../../runs/trainers';

export interface HeartbeatOptions {
  ctx: ApiContext;
  runId: string;
  leaseId: string;
}

/**
 * Extends the worker's lease on the run by `ctx.leaseMs` and tells it whether the run was canceled.
 * A worker that lost its lease (or whose run finished) gets an error and must stop.
 */
export async function heartbeat({ ctx, runId, leaseId }: HeartbeatOptions): Promise<HeartbeatResult> {
  const viewer = requireWorker(ctx);
  const run = await updateLeasedRun(ctx.db, runId, workerLease(ctx, leaseId), {
    leaseExpiresAt: sql`now() + ${ctx.leaseMs}::double precision * interval '1 millisecond'`,
  });
  // A trainer busy with a long run claims nothing for a while; its heartbeats keep it counted.
  if (run.worker) await touchTrainer(ctx.db, viewer.workerTokenId, run.worker.name);
  return { canceled: run.cancelRequested, leaseExpiresAt: run.leaseExpiresAt ?? new Date() };
}
