import { epochMetrics } from '@transferlab/db/schema';

/**
 * The epoch_metrics columns the EpochMetric type shows, and nothing else: every column selected is
 * parsed and mapped once per row. The subscription's epoch event reads one row with these; a run's
 * whole list (listRunMetrics) names the same fields in the JSON it has the database build.
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
