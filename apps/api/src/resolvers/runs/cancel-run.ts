import { and, eq, sql } from 'drizzle-orm';
import { runs, type Run } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { AppError } from '../../errors';
import { findRun, requireRunRole } from '../../runs/find-run';
import { publishRunStatus } from '../../runs/run-events';

export interface CancelRunOptions {
  ctx: ApiContext;
  id: string;
}

/**
 * Cancels a run (MEMBER or higher). A queued run is CANCELED at once. A running one is only marked:
 * its worker learns it on its next heartbeat and acknowledges with failRun (code CANCELED), or, if
 * the worker is gone, the lease sweeper cancels it when the lease expires. Each step is one
 * statement guarded by the status it leaves, so a run that moved on meanwhile is never moved back.
 */
export async function cancelRun({ ctx, id }: CancelRunOptions): Promise<Run> {
  await requireRunRole(ctx, id, 'MEMBER');
  return ctx.db.transaction(async (tx) => {
    const [canceled] = await tx
      .update(runs)
      .set({ status: 'CANCELED', finishedAt: sql`now()` })
      .where(and(eq(runs.id, id), eq(runs.status, 'QUEUED')))
      .returning();
    if (canceled) {
      await publishRunStatus(ctx.events, canceled, tx);
      return canceled;
    }
    const [marked] = await tx
      .update(runs)
      .set({ cancelRequested: true })
      .where(and(eq(runs.id, id), eq(runs.status, 'RUNNING')))
      .returning();
    if (marked) return marked;
    const run = await findRun(tx, id);
    throw new AppError('CONFLICT', `Run ${id} already ${run?.status ?? 'finished'}; only queued or running runs can be canceled.`, { status: run?.status });
  });
}
