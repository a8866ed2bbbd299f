import { epochMetrics } from '@transferlab/db/schema';
import { sql, type SQL } from 'drizzle-orm';
import type { EpochMetricParent } from '../graphql-parents';

/**
 * The epoch_metrics columns the EpochMetric type shows, and nothing else: every column selected is
 * parsed and mapped once per row. A run's whole list (listRunMetrics) has the database build JSON
 * from these, and the epoch event carries one row as the same JSON.
 */
export const EPOCH_METRIC_COLUMNS = {
  phase: epochMetrics.phase,
  epoch: epochMetrics.epoch,
  loss: epochMetrics.loss,
  accuracy: epochMetrics.accuracy,
  valLoss: epochMetrics.valLoss,
  valAccuracy: epochMetrics.valAccuracy,
  learningRate: epochMetrics.learningRate,
  durationMs: epochMetrics.durationMs,
  imagesPerSecond: epochMetrics.imagesPerSecond,
  at: epochMetrics.at,
};

/** An epoch metric as JSON carries it: `at` as epoch milliseconds (a Date does not survive JSON). */
export type EpochMetricJson = Omit<EpochMetricParent, 'at'> & { at: number };

/**
 * A json_build_object of EPOCH_METRIC_COLUMNS, keyed by their field names, for the database to
 * build JSON rows. `at` becomes epoch milliseconds, truncated as a JavaScript Date of it would be.
 */
export function epochMetricJsonObject(): SQL {
  const pairs = Object.entries(EPOCH_METRIC_COLUMNS).map(([field, column]) =>
    field === 'at' ? sql`${field}::text, floor(extract(epoch from ${column}) * 1000)` : sql`${field}::text, ${column}`,
  );
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

export function fromEpochMetricJson(metric: EpochMetricJson): EpochMetricParent {
  return { ...metric, at: new Date(metric.at) };
}
