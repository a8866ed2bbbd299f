import type { AppDb } from '@transferlab/db';
import { epochMetrics, finishedRunStatuses, type Run } from '@transferlab/db/schema';
import { sql } from 'drizzle-orm';
import type { ApiContext } from '../context';
import type { EpochMetricParent } from '../graphql-parents';
import { epochMetricJsonObject, fromEpochMetricJson, type EpochMetricJson } from './epoch-metric-columns';

/**
 * A run's metrics, ordered by phase then epoch (the phase enum is declared in training order and
 * Postgres sorts enums by declaration order). The database builds the whole list as one JSON text:
 * for a long run (1,000 rows) parsing one JSON value is several times cheaper than the driver
 * parsing 10,000 text cells and drizzle mapping each row, and this is the API's largest common read.
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
    select coalesce(json_agg(${epochMetricJsonObject()} order by ${m.phase}, ${m.epoch}), '[]')::text as metrics
    from ${m} where ${m.runId} = ${runId}`);
  const rows = JSON.parse(result.rows[0]?.metrics ?? '[]') as EpochMetricJson[];
  return rows.map(fromEpochMetricJson);
}
