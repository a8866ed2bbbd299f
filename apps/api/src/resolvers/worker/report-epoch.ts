import { eq, sql } from 'drizzle-orm';
import { epochMetrics, runs } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import type { EpochMetricInput } from '../../generated/graphql';
import { EPOCH_METRIC_COLUMNS, toEpochMetricJson } from '../../runs/epoch-metric-columns';
import { lockLeasedRun, workerLease } from '../../runs/lease';

export interface ReportEpochOptions {
  ctx: ApiContext;
  runId: string;
  leaseId: string;
  metric: EpochMetricInput;
}

/**
 * Stores one epoch's metrics and publishes it. Idempotent: a worker that retries a report (or a
 * resumed attempt that reports an epoch again) stores one row and publishes it once; the first
 * report of an epoch wins.
 */
export async function reportEpoch({ ctx, runId, leaseId, metric }: ReportEpochOptions): Promise<boolean> {
  const lease = workerLease(ctx, leaseId);
  if (metric.epoch < 1) throw badInput(`epoch is 1-based within its phase; got ${metric.epoch}.`);
  for (const field of ['accuracy', 'valAccuracy'] as const) {
    const value = metric[field];
    if (value !== null && value !== undefined && (value < 0 || value > 1)) throw badInput(`${field} must be between 0 and 1; got ${value}.`);
  }
  if (metric.durationMs < 0 || metric.imagesPerSecond < 0) throw badInput('durationMs and imagesPerSecond cannot be negative.');

  await ctx.db.transaction(async (tx) => {
    const run = await lockLeasedRun(tx, runId, lease);
    const [row] = await tx
      .insert(epochMetrics)
      .values({
        runId: run.id,
        phase: metric.phase,
        epoch: metric.epoch,
        loss: metric.loss,
        accuracy: metric.accuracy,
        valLoss: metric.valLoss ?? null,
        valAccuracy: metric.valAccuracy ?? null,
        learningRate: metric.learningRate,
        durationMs: metric.durationMs,
        imagesPerSecond: metric.imagesPerSecond,
        ...(metric.at ? { at: metric.at } : {}),
      })
      .onConflictDoNothing({ target: [epochMetrics.runId, epochMetrics.phase, epochMetrics.epoch] })
      .returning(EPOCH_METRIC_COLUMNS);
    if (!row) return;
    if (metric.valAccuracy !== null && metric.valAccuracy !== undefined) {
      // greatest() ignores a null: the first validated epoch sets it.
      await tx
        .update(runs)
        .set({ bestValAccuracy: sql`greatest(${runs.bestValAccuracy}, ${metric.valAccuracy}::real)` })
        .where(eq(runs.id, run.id));
    }
    await ctx.events.publish({ type: 'runEpoch', teamId: run.teamId, runId: run.id, metric: toEpochMetricJson(row) }, tx);
  });
  return true;
}
