import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { epochMetrics, runs } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import { publishedBy } from '../../events/event-bus';
import type { EpochMetricInput } from '../../generated/graphql';
import { epochMetricJsonObject } from '../../runs/epoch-metric-columns';
import { executeWhileLeased, workerLease } from '../../runs/lease';

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
  requireValidMetric(metric);
  await executeWhileLeased(ctx.db, runId, lease, (held) => storeAndPublish(held, metric));
  return true;
}

function requireValidMetric(metric: EpochMetricInput): void {
  if (metric.epoch < 1) throw badInput(`epoch is 1-based within its phase; got ${metric.epoch}.`);
  for (const field of ['accuracy', 'valAccuracy'] as const) {
    const value = metric[field];
    if (value !== null && value !== undefined && (value < 0 || value > 1)) throw badInput(`${field} must be between 0 and 1; got ${value}.`);
  }
  if (metric.durationMs < 0 || metric.imagesPerSecond < 0) throw badInput('durationMs and imagesPerSecond cannot be negative.');
}

/**
 * One statement, so one round trip, where a transaction took six (begin, lock, insert, update,
 * notify, commit) and every epoch event waited for them. Its steps, atomic as a statement is:
 * - `run` locks the run while the lease holds it, so no cancel, sweep or second report changes it
 *   before the commit; no row here means the lease does not hold it, and nothing else happens;
 * - `metric` inserts the epoch unless that epoch is already stored (the first report wins);
 * - `best` raises the run's best validation accuracy, only when the row was inserted;
 * - the select publishes the inserted row as the runEpoch event (ApiEvent), delivered at commit.
 * It returns one row when the lease held the run (`held`), whether or not the epoch was new.
 */
function storeAndPublish(held: SQL, metric: EpochMetricInput): SQL {
  const valAccuracy = metric.valAccuracy ?? null;
  // Parameters take their types from the columns they are inserted into.
  const values: [PgColumn, unknown][] = [
    [epochMetrics.phase, metric.phase],
    [epochMetrics.epoch, metric.epoch],
    [epochMetrics.loss, metric.loss],
    [epochMetrics.accuracy, metric.accuracy],
    [epochMetrics.valLoss, metric.valLoss ?? null],
    [epochMetrics.valAccuracy, valAccuracy],
    [epochMetrics.learningRate, metric.learningRate],
    [epochMetrics.durationMs, metric.durationMs],
    [epochMetrics.imagesPerSecond, metric.imagesPerSecond],
    // Left out, `at` takes its default: now.
    ...(metric.at ? [[epochMetrics.at, metric.at.toISOString()] as [PgColumn, unknown]] : []),
  ];
  const names = (columns: PgColumn[]) => sql.join(columns.map((column) => sql.identifier(column.name)), sql`, `);
  const columns = names([epochMetrics.runId, ...values.map(([column]) => column)]);
  const params = sql.join(values.map(([, value]) => sql`${value}`), sql`, `);
  const event = sql`json_build_object('type', 'runEpoch', 'teamId', run.team_id, 'runId', run.id, 'metric', metric.json)`;
  return sql`
    with run as (
      select ${runs.id} as id, ${runs.teamId} as team_id from ${runs} where ${held} for update
    ), metric as (
      insert into ${epochMetrics} (${columns})
      select run.id, ${params} from run
      on conflict (${names([epochMetrics.runId, epochMetrics.phase, epochMetrics.epoch])}) do nothing
      returning ${epochMetricJsonObject()} as json
    ), best as (
      -- greatest() ignores a null: the first validated epoch sets it.
      update ${runs} set ${sql.identifier(runs.bestValAccuracy.name)} = greatest(${runs.bestValAccuracy}, ${valAccuracy}::real)
      where ${runs.id} = (select id from run) and ${valAccuracy}::real is not null and exists (select 1 from metric)
    )
    select case when metric.json is not null then ${publishedBy(event)} end as published
    from run left join metric on true`;
}
