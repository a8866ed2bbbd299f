import { and, eq, inArray } from 'drizzle-orm';
import { backboneWeights, runs } from '@transferlab/db/schema';
import { requireTeamRole, requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { AppError, notFound } from '../../errors';
import { isUuid } from '../../ids';

export interface DeleteBackboneWeightsOptions {
  ctx: ApiContext;
  id: string;
}

/**
 * Deletes a team's weights (ADMIN or OWNER), refused while a queued or running run starts from
 * them. The row is locked first: a startRun that picked them either committed before (and is
 * counted here) or waits and then finds them gone. Finished runs keep the name and hash they used;
 * the file stays in the store, which may share it.
 */
export async function deleteBackboneWeights({ ctx, id }: DeleteBackboneWeightsOptions): Promise<boolean> {
  requireUser(ctx);
  if (!isUuid(id)) throw notFound('Weights');
  return ctx.db.transaction(async (tx) => {
    const [weights] = await tx.select().from(backboneWeights).where(eq(backboneWeights.id, id)).for('update').limit(1);
    if (!weights) throw notFound('Weights');
    await requireTeamRole({ ...ctx, db: tx }, weights.teamId, 'ADMIN', 'Weights');
    const using = await tx
      .select({ id: runs.id, status: runs.status })
      .from(runs)
      .where(and(eq(runs.weightsId, id), inArray(runs.status, ['QUEUED', 'RUNNING'])));
    if (using.length > 0) {
      throw new AppError(
        'CONFLICT',
        `The weights "${weights.name}" are in use by ${using.length} queued or running run${using.length === 1 ? '' : 's'} (${using.slice(0, 5).map((r) => r.id).join(', ')}); wait for ${using.length === 1 ? 'it' : 'them'} to end, or cancel ${using.length === 1 ? 'it' : 'them'}, then delete again.`,
        { runIds: using.map((r) => r.id) },
      );
    }
    await tx.delete(backboneWeights).where(eq(backboneWeights.id, id));
    return true;
  });
}
