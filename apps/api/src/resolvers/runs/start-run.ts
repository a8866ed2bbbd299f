import { eq } from 'drizzle-orm';
import { datasets, runs, type Run } from '@transferlab/db/schema';
import { requireTeamRole, requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { badInput, notFound } from '../../errors';
import type { StartRunInput } from '../../generated/graphql';
import { datasetClassCounts } from '../../runs/dataset-classes';
import { isUuid } from '../../ids';
import { requireQueueRoom, requireTrainerMemory } from '../../runs/run-admission';
import { publishRunCreated } from '../../runs/run-events';
import { requireRunWeights, settingsFromWeights } from '../../runs/run-weights';
import { resolveRunConfig } from '../../runs/train-config';
import { characters, TEXT_LIMITS } from '../../text-limits';
import { isForeignKeyViolation } from '../users/unique-violation';

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
  const [dataset] = isUuid(input.datasetId) ? await ctx.db.select().from(datasets).where(eq(datasets.id, input.datasetId)).limit(1) : [];
  if (!dataset) throw notFound('Dataset');
  await requireTeamRole(ctx, dataset.teamId, 'MEMBER', 'Dataset');

  const name = input.name?.trim() || null;
  // The run's name becomes its model's name, so it has the model name's bound.
  const maxName = TEXT_LIMITS.modelName;
  if (name && characters(name) > maxName) throw badInput(`A run name is longer than ${maxName} characters (it has ${characters(name)}); shorten it.`, { field: 'name' });
  const weights = await requireRunWeights(ctx, input, dataset.teamId);
  const config = resolveRunConfig(input, settingsFromWeights(weights));

  const classes = await datasetClassCounts(ctx.db, dataset.id);
  if (classes.size < 2) {
    const has = classes.size === 0 ? 'has no images yet' : `has images of only one class (${[...classes.keys()][0]})`;
    throw badInput(`Dataset "${dataset.name}" ${has}; a classifier needs images of at least two classes. Upload images of another class, then start the run again.`);
  }

  const memoryEstimateMb = await requireTrainerMemory(ctx, config, classes);
  const weightsColumns = weights ? { weightsId: weights.id, weights: { id: weights.id, name: weights.name, sha256: weights.sha256 } } : {};
  return ctx.db.transaction(async (tx) => {
    await requireQueueRoom(tx, dataset.teamId, ctx.runQueue.maxQueuedRunsPerTeam);
    const [run] = await tx
      .insert(runs)
      .values({ teamId: dataset.teamId, datasetId: dataset.id, createdBy: user.id, name, strategy: config.strategy, status: 'QUEUED', config, memoryEstimateMb, ...weightsColumns })
      .returning()
      .catch((error: unknown) => {
        // The weights were deleted since they were checked above.
        if (weights && isForeignKeyViolation(error)) throw notFound('Weights');
        throw error;
      });
    if (!run) throw new Error('Inserting the run returned no row.');
    await publishRunCreated(ctx.events, run, tx);
    return run;
  });
}
