import { asc, eq, inArray } from 'drizzle-orm';
import { epochMetrics, models, runs, type Run, type RunGroup } from '@transferlab/db/schema';
import type { ApiContext } from '../context';
import { LADDER_STRATEGIES } from './ladder-comparison';
import { testEvaluationOf } from './model-evaluations';
import type { GroupRunFacts } from './run-figures';
import { gridIndex } from './sweep-grid';
import { sweepParamsOf } from './sweep-ranking';

/**
 * A group's runs in its order: a ladder's by rung (BASELINE, FEATURE_EXTRACTION, FINE_TUNE), a
 * sweep's by its place in the grid. One transaction stores them all with the same createdAt, so
 * the order comes from what each run is, not from when it was stored.
 */
export async function loadGroupRuns(ctx: ApiContext, group: RunGroup): Promise<Run[]> {
  const rows = await ctx.db.select().from(runs).where(eq(runs.groupId, group.id)).orderBy(asc(runs.createdAt), asc(runs.id));
  const { grid } = group;
  const place = grid ? (run: Run) => gridIndex(grid, sweepParamsOf(run)) : (run: Run) => LADDER_STRATEGIES.indexOf(run.strategy);
  // A run outside the order (none should be) goes last rather than first.
  const key = (run: Run) => (place(run) < 0 ? Number.MAX_SAFE_INTEGER : place(run));
  return rows.sort((a, b) => key(a) - key(b));
}

/** What the group's comparison or ranking needs of each run: two queries for the whole group, not one per run. */
export async function loadGroupRunFacts(ctx: ApiContext, groupRuns: Run[]): Promise<GroupRunFacts[]> {
  const ids = groupRuns.map((run) => run.id);
  if (!ids.length) return [];
  const epochRows = await ctx.db
    .select({ runId: epochMetrics.runId, imagesPerSecond: epochMetrics.imagesPerSecond, durationMs: epochMetrics.durationMs })
    .from(epochMetrics)
    .where(inArray(epochMetrics.runId, ids));
  const modelRows = await ctx.db.select({ runId: models.runId, metadata: models.metadata }).from(models).where(inArray(models.runId, ids));
  return groupRuns.map((run) => {
    const metadata = modelRows.find((m) => m.runId === run.id)?.metadata;
    return {
      run,
      testAccuracy: metadata ? (testEvaluationOf(metadata)?.accuracy ?? null) : null,
      epochs: epochRows.filter((e) => e.runId === run.id),
    };
  });
}
