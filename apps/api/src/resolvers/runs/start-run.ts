import type { Run } from '@transferlab/db/schema';
import { requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import type { StartRunInput } from '../../generated/graphql';
import { insertRun, prepareRun, requireRunDataset } from '../../runs/prepare-run';
import { requireQueueRoom } from '../../runs/run-admission';

export interface StartRunOptions {
  ctx: ApiContext;
  input: StartRunInput;
}

/**
 * Queues a run of a dataset (MEMBER or higher of its team). Every hyperparameter is checked
 * before anything is stored, as are the memory the run needs against the trainers' and the team's
 * room in the queue; the run keeps the resolved config, seed included, so it can be reproduced.
 * With `weightsId` it starts from the team's uploaded weights and records which.
 */
export async function startRun({ ctx, input }: StartRunOptions): Promise<Run> {
  const user = requireUser(ctx);
  const dataset = await requireRunDataset(ctx, input.datasetId);
  const { values } = await prepareRun(ctx, dataset, user.id, input);
  return ctx.db.transaction(async (tx) => {
    await requireQueueRoom(tx, dataset.teamId, ctx.runQueue.maxQueuedRunsPerTeam);
    return insertRun(ctx, tx, values);
  });
}
