import { eq } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { datasets, runs, type Dataset, type NewRun, type Run } from '@transferlab/db/schema';
import type { TrainConfig } from '@transferlab/ml-core';
import { requireTeamRole } from '../auth/authorize';
import type { ApiContext } from '../context';
import { badInput, notFound } from '../errors';
import type { StartRunInput } from '../generated/graphql';
import { isUuid } from '../ids';
import { isForeignKeyViolation } from '../resolvers/users/unique-violation';
import { characters, TEXT_LIMITS } from '../text-limits';
import { datasetClassCounts } from './dataset-classes';
import { requireTrainerMemory } from './run-admission';
import { publishRunCreated } from './run-events';
import { requireRunWeights, settingsFromWeights } from './run-weights';
import { resolveRunConfig } from './train-config';

/** The dataset a new run (or ladder) trains on, when the viewer is MEMBER or higher of its team. */
export async function requireRunDataset(ctx: ApiContext, datasetId: string): Promise<Dataset> {
  const [dataset] = isUuid(datasetId) ? await ctx.db.select().from(datasets).where(eq(datasets.id, datasetId)).limit(1) : [];
  if (!dataset) throw notFound('Dataset');
  await requireTeamRole(ctx, dataset.teamId, 'MEMBER', 'Dataset');
  return dataset;
}

/**
 * The row of a run of `dataset`, with every check startRun makes before storing: the name's bound,
 * the weights, every hyperparameter (ml-core), two classes at least, and the memory it needs on a
 * trainer. Nothing is stored; `insertRun` does that inside the caller's transaction.
 */
/** A run ready to insert, with its resolved config (the row stores it as plain JSON). */
export interface PreparedRun {
  values: NewRun;
  config: TrainConfig;
}

export async function prepareRun(ctx: ApiContext, dataset: Dataset, userId: string, input: StartRunInput): Promise<PreparedRun> {
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
  const values: NewRun = { teamId: dataset.teamId, datasetId: dataset.id, createdBy: userId, name, strategy: config.strategy, status: 'QUEUED', config, memoryEstimateMb, ...weightsColumns };
  return { values, config };
}

/** Stores a prepared run and announces it, inside the caller's transaction (after its queue check). */
export async function insertRun(ctx: ApiContext, tx: DbExecutor, values: NewRun): Promise<Run> {
  const [run] = await tx
    .insert(runs)
    .values(values)
    .returning()
    .catch((error: unknown) => {
      // The weights were deleted since they were checked.
      if (values.weightsId && isForeignKeyViolation(error)) throw notFound('Weights');
      throw error;
    });
  if (!run) throw new Error('Inserting the run returned no row.');
  await publishRunCreated(ctx.events, run, tx);
  return run;
}
