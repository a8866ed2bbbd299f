import { runGroups, type RunGroup } from '@transferlab/db/schema';
import { requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import type { StartSweepInput } from '../../generated/graphql';
import { groupRunSuffix, requireGroupName } from '../../runs/group-run-names';
import { insertRun, prepareRun, requireRunDataset, type PreparedRun } from '../../runs/prepare-run';
import { requireQueueRoom } from '../../runs/run-admission';
import { expandSweepGrid, sweepPointLabels } from '../../runs/sweep-grid';

export interface StartSweepOptions {
  ctx: ApiContext;
  input: StartSweepInput;
}

/**
 * Queues a sweep (MEMBER or higher): one run per combination of the grid's values, each the base
 * settings with its own values (the grid wins over the base). The grid is checked against the
 * sweep's bounds and every run passes startRun's checks before anything is stored; the seed is
 * drawn once (by the first run's config) and shared. The group and its runs are stored in one
 * transaction that counts every run against the team's queue limit: all or none.
 */
export async function startSweep({ ctx, input }: StartSweepOptions): Promise<RunGroup> {
  const user = requireUser(ctx);
  const { base } = input;
  const dataset = await requireRunDataset(ctx, base.datasetId);
  const { grid, points, swept } = expandSweepGrid(input.grid, base.strategy);
  const name = (input.name ?? base.name)?.trim() || null;
  const labels = points.map((point) => sweepPointLabels(point, swept));
  requireGroupName('sweep', name, labels.map(groupRunSuffix));

  const prepared: PreparedRun[] = [];
  let seed = base.seed;
  for (const [i, point] of points.entries()) {
    const runName = name ? `${name}${groupRunSuffix(labels[i]!)}` : labels[i]!.join(' · ');
    const run = await prepareRun(ctx, dataset, user.id, { ...base, ...point, name: runName, seed });
    seed = run.config.seed;
    prepared.push(run);
  }

  return ctx.db.transaction(async (tx) => {
    await requireQueueRoom(tx, dataset.teamId, ctx.runQueue.maxQueuedRunsPerTeam, prepared.length);
    const [group] = await tx.insert(runGroups).values({ teamId: dataset.teamId, kind: 'SWEEP', name, grid, createdBy: user.id }).returning();
    if (!group) throw new Error('Inserting the run group returned no row.');
    for (const { values } of prepared) await insertRun(ctx, tx, { ...values, groupId: group.id });
    return group;
  });
}
