import { sql } from 'drizzle-orm';
import { runs } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import { publishedBy } from '../../events/event-bus';
import type { RunProgressInput } from '../../generated/graphql';
import { executeWhileLeased, workerLease } from '../../runs/lease';

export interface ReportProgressOptions {
  ctx: ApiContext;
  runId: string;
  leaseId: string;
  progress: RunProgressInput;
}

/**
 * Stores the latest batch progress on the run and publishes it to the run's subscribers: one
 * statement that updates the run while the lease holds it and publishes the runProgress event
 * (ApiEvent) at its commit, so a progress is stored and published together or not at all.
 */
export async function reportProgress({ ctx, runId, leaseId, progress }: ReportProgressOptions): Promise<boolean> {
  const lease = workerLease(ctx, leaseId);
  const { phase, epoch, epochs, batch, batches, etaSeconds } = progress;
  if (epoch < 0 || epochs < 0 || batch < 0 || batches < 0 || (etaSeconds ?? 0) < 0) {
    throw badInput('Progress counts (epoch, epochs, batch, batches, etaSeconds) cannot be negative.');
  }
  const shape = JSON.stringify({ phase, epoch, epochs, batch, batches, etaSeconds: etaSeconds ?? null });
  const event = sql`json_build_object('type', 'runProgress', 'teamId', ${runs.teamId}, 'runId', ${runs.id}, 'progress', ${shape}::jsonb)`;
  await executeWhileLeased(ctx.db, runId, lease, (held) => sql`update ${runs} set ${sql.identifier(runs.progress.name)} = ${shape}::jsonb where ${held} returning ${publishedBy(event)}`);
  return true;
}
