import type { AppDb } from '@transferlab/db';
import { epochMetrics, finishedRunStatuses, type Run } from '@transferlab/db/schema';
import { sql } from 'drizzle-orm';
import type { ApiContext } from '../context';
import type { EpochMetricParent } from '../graphql-parents';

type MetricJson = Omit<EpochMetricParent, 'at'> & { at: number };

/**
 * A run's metrics, ordered by phase then epoch (the phase enum is declared in training order and
 * Postgres sorts enums by declaration order). The database builds the whole list as one JSON text:
 * for a long run (1,000 rows) parsing one JSON value is several times cheaper than the driver
 * parsing 10,000 text cells and drizzle mapping each row, and this is the API's largest common read.
 * `at` travels as epoch milliseconds, truncated as a JavaScript Date of the timestamp would be.
 * A finished run's list is read once and then kept (FinishedRunMetrics).
 */
export async function listRunMetrics(ctx: Pick<ApiContext, 'db' | 'finishedRunMetrics'>, run: Pick<Run, 'id' | 'status'>): Promise<EpochMetricParent[]> {
  const finished = (finishedRunStatuses as readonly Run['status'][]).includes(run.status);
  const kept = finished ? ctx.finishedRunMetrics.get(run.id) : undefined;
  if (kept) return kept;
  const metrics = await readRunMetrics(ctx.db, run.id);
  if (finished) ctx.finishedRunMetrics.set(run.id, metrics);
  return metrics;
}

async function readRunMetrics(db: AppDb, runId: string): Promise<EpochMetricParent[]> {
  const m = epochMetrics;
  const result = await db.execute<{ metrics: string }>(sql`
    select coalesce(json_agg(json_build_object(
      'phase', ${m.phase}, 'epoch', ${m.epoch}, 'loss', ${m.loss}, 'accuracy', ${m.accuracy},
      'valLoss', ${m.valLoss}, 'valAccuracy', ${m.valAccuracy}, 'learningRate', ${m.learningRate},
      'durationMs', ${m.durationMs}, 'imagesPerSecond', ${m.imagesPerSecond},
      'at', floor(extract(epoch from ${m.at}) * 1000)
    ) order by ${m.phase}, ${m.epoch}), '[]')::text as metrics
    from ${m} where ${m.runId} = ${runId}`);
  const rows = JSON.parse(result.rows[0]?.metrics ?? '[]') as MetricJson[];
  return rows.map((row) => ({ ...row, at: new Date(row.at) }));
}
