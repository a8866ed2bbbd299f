import { runGroups, type RunGroup } from '@transferlab/db/schema';
import { requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import type { StartLadderInput, StartRunInput } from '../../generated/graphql';
import { groupRunSuffix, maxGroupName, requireGroupName } from '../../runs/group-run-names';
import { LADDER_STRATEGIES } from '../../runs/ladder-comparison';
import { insertRun, prepareRun, requireRunDataset, type PreparedRun } from '../../runs/prepare-run';
import { requireQueueRoom } from '../../runs/run-admission';

export interface StartLadderOptions {
  ctx: ApiContext;
  input: StartLadderInput;
}

// Each run is named after the ladder and its rung, and a run's name becomes its model's name.
const rungSuffix = (strategy: string) => groupRunSuffix([strategy]);
export const MAX_LADDER_NAME = maxGroupName(LADDER_STRATEGIES.map(rungSuffix));

/** One rung's StartRunInput: the shared settings, and the backbone and weights for the transfer runs. */
function rungInput(input: StartLadderInput, strategy: (typeof LADDER_STRATEGIES)[number], seed: number | null | undefined): StartRunInput {
  const { datasetId, name, backbone, weightsId, pretrained, imageSize, batchSize, epochs, fineTuneEpochs, validationSplit, testSplit } = input;
  const shared = { datasetId, strategy, imageSize, batchSize, epochs, validationSplit, testSplit, seed };
  const runName = name ? `${name}${rungSuffix(strategy)}` : null;
  // The baseline is a small CNN from scratch: a backbone or weights would be refused for it.
  if (strategy === 'BASELINE') return { ...shared, name: runName };
  return { ...shared, name: runName, backbone, weightsId, pretrained, ...(strategy === 'FINE_TUNE' ? { fineTuneEpochs } : {}) };
}

/**
 * Queues the transfer ladder (MEMBER or higher): a BASELINE, a FEATURE_EXTRACTION and a FINE_TUNE
 * run of one dataset with the same split, seed, image size and epochs, so their numbers compare.
 * Each run passes startRun's checks before anything is stored; the seed is drawn once (by the
 * baseline's config) and handed to the other two. The group and its runs are stored in one
 * transaction that counts all three against the team's queue limit: all or none.
 */
export async function startLadder({ ctx, input }: StartLadderOptions): Promise<RunGroup> {
  const user = requireUser(ctx);
  const dataset = await requireRunDataset(ctx, input.datasetId);
  const name = input.name?.trim() || null;
  requireGroupName('ladder', name, LADDER_STRATEGIES.map(rungSuffix));

  const baseline = await prepareRun(ctx, dataset, user.id, rungInput({ ...input, name }, 'BASELINE', input.seed));
  const seed = baseline.config.seed;
  const transfers: PreparedRun[] = [];
  for (const strategy of LADDER_STRATEGIES.slice(1)) transfers.push(await prepareRun(ctx, dataset, user.id, rungInput({ ...input, name }, strategy, seed)));

  return ctx.db.transaction(async (tx) => {
    await requireQueueRoom(tx, dataset.teamId, ctx.runQueue.maxQueuedRunsPerTeam, LADDER_STRATEGIES.length);
    const [group] = await tx.insert(runGroups).values({ teamId: dataset.teamId, kind: 'LADDER', name, createdBy: user.id }).returning();
    if (!group) throw new Error('Inserting the run group returned no row.');
    for (const { values } of [baseline, ...transfers]) await insertRun(ctx, tx, { ...values, groupId: group.id });
    return group;
  });
}

