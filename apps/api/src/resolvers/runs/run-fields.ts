import { eq } from 'drizzle-orm';
import { datasets, models, teams, users } from '@transferlab/db/schema';
import { featureCacheUseOf } from '../../runs/feature-cache-use';
import { listRunMetrics } from '../../runs/list-run-metrics';
import type { RunResolvers } from '../../generated/graphql';

function one<T>(rows: T[], what: string): T {
  const [row] = rows;
  // Foreign keys make this impossible; if it happens, it is our bug, not the caller's.
  if (!row) throw new Error(`${what} is missing.`);
  return row;
}

/** Run fields that are not plain columns. The run itself was authorized by whoever returned it. */
export const runFields: RunResolvers = {
  team: async (run, _args, ctx) => one(await ctx.db.select().from(teams).where(eq(teams.id, run.teamId)).limit(1), `Team ${run.teamId}`),
  dataset: async (run, _args, ctx) => one(await ctx.db.select().from(datasets).where(eq(datasets.id, run.datasetId)).limit(1), `Dataset ${run.datasetId}`),
  createdBy: async (run, _args, ctx) => one(await ctx.db.select().from(users).where(eq(users.id, run.createdBy)).limit(1), `User ${run.createdBy}`),
  metrics: (run, _args, ctx) => listRunMetrics(ctx, run),
  model: async (run, _args, ctx) => {
    if (run.status !== 'SUCCEEDED') return null;
    const [model] = await ctx.db.select().from(models).where(eq(models.runId, run.id)).limit(1);
    return model ?? null;
  },
  // From the model's metadata.json, as the trainer recorded it: null until the run succeeded.
  featureCache: async (run, _args, ctx) => {
    if (run.status !== 'SUCCEEDED') return null;
    const [model] = await ctx.db.select({ metadata: models.metadata }).from(models).where(eq(models.runId, run.id)).limit(1);
    return model ? featureCacheUseOf(model.metadata) : null;
  },
  progress: (run) => run.progress ?? null,
  worker: (run) => run.worker ?? null,
  failure: (run) => run.failure ?? null,
};
