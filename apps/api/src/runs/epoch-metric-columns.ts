import { epochMetrics } from '@transferlab/db/schema';

/**
 * The epoch_metrics columns the EpochMetric type shows, and nothing else: a run's metrics list is
 * the API's largest common read (1,000 rows for a long run), and every column selected is parsed
 * and mapped once per row. Used by the list and the subscription's epoch event alike.
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
