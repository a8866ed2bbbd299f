import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import type { RunProgressInput } from '../../generated/graphql';
import { updateLeasedRun, workerLease } from '../../runs/lease';

export interface ReportProgressOptions {
  ctx: ApiContext;
  runId: string;
  leaseId: string;
  progress: RunProgressInput;
}

/** Stores the latest batch progress on the run and publishes it to the run's subscribers. */
export async function reportProgress({ ctx, runId, leaseId, progress }: ReportProgressOptions): Promise<boolean> {
  const lease = workerLease(ctx, leaseId);
  const { phase, epoch, epochs, batch, batches, etaSeconds } = progress;
  if (epoch < 0 || epochs < 0 || batch < 0 || batches < 0 || (etaSeconds ?? 0) < 0) {
    throw badInput('Progress counts (epoch, epochs, batch, batches, etaSeconds) cannot be negative.');
  }
  const shape = { phase, epoch, epochs, batch, batches, etaSeconds: etaSeconds ?? null };
  const run = await updateLeasedRun(ctx.db, runId, lease, { progress: shape });
  await ctx.events.publish({ type: 'runProgress', teamId: run.teamId, runId: run.id, progress: shape });
  return true;
}
