import { asc, eq, inArray } from 'drizzle-orm';
import { epochMetrics, models, runGroups, runs, users, type Run } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import type { RunGroupResolvers } from '../../generated/graphql';
import { compareLadder, LADDER_STRATEGIES, type RungFacts } from '../../runs/ladder-comparison';
import { testEvaluationOf } from '../../runs/model-evaluations';

/** A group's runs in ladder order (BASELINE, FEATURE_EXTRACTION, FINE_TUNE), then by creation. */
async function groupRuns(ctx: ApiContext, groupId: string): Promise<Run[]> {
  const rows = await ctx.db.select().from(runs).where(eq(runs.groupId, groupId)).orderBy(asc(runs.createdAt), asc(runs.id));
  const rank = (run: Run) => LADDER_STRATEGIES.indexOf(run.strategy);
  return rows.sort((a, b) => rank(a) - rank(b));
}

async function rungFacts(ctx: ApiContext, groupRunRows: Run[]): Promise<RungFacts[]> {
  const ids = groupRunRows.map((run) => run.id);
  if (!ids.length) return [];
  const epochRows = await ctx.db
    .select({ runId: epochMetrics.runId, imagesPerSecond: epochMetrics.imagesPerSecond, durationMs: epochMetrics.durationMs })
    .from(epochMetrics)
    .where(inArray(epochMetrics.runId, ids));
  const modelRows = await ctx.db.select({ runId: models.runId, metadata: models.metadata }).from(models).where(inArray(models.runId, ids));
  return groupRunRows.map((run) => {
    const metadata = modelRows.find((m) => m.runId === run.id)?.metadata;
    return {
      run,
      testAccuracy: metadata ? (testEvaluationOf(metadata)?.accuracy ?? null) : null,
      epochs: epochRows.filter((e) => e.runId === run.id),
    };
  });
}

/** RunGroup fields that are not plain columns. The group was authorized by whoever returned it. */
export const runGroupFields: RunGroupResolvers = {
  createdBy: async (group, _args, ctx) => {
    const [user] = await ctx.db.select().from(users).where(eq(users.id, group.createdBy)).limit(1);
    if (!user) throw new Error(`User ${group.createdBy} is missing.`);
    return user;
  },
  runs: (group, _args, ctx) => groupRuns(ctx, group.id),
  comparison: async (group, _args, ctx) => {
    if (group.kind !== 'LADDER') return null;
    return compareLadder(await rungFacts(ctx, await groupRuns(ctx, group.id)));
  },
};

/** Run.group: the run's group (same team as the run, which was authorized). */
export async function runGroupOf(ctx: ApiContext, groupId: string | null) {
  if (!groupId) return null;
  const [group] = await ctx.db.select().from(runGroups).where(eq(runGroups.id, groupId)).limit(1);
  return group ?? null;
}
