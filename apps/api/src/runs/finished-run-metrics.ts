import type { EpochMetricParent } from '../graphql-parents';

/**
 * Metrics lists of finished runs, held in memory: a finished run's epochs never change (only a
 * worker holding the run's lease adds one), so every replica may keep them, and a dashboard
 * reopening a long run is the API's largest common read. Bounded by rows, least recently read
 * dropped first.
 */
export interface FinishedRunMetrics {
  get(runId: string): EpochMetricParent[] | undefined;
  set(runId: string, metrics: EpochMetricParent[]): void;
}

// About 250 bytes a row in memory: 50,000 rows (fifty 1,000-epoch runs) hold about 12 MB.
export const FINISHED_RUN_METRICS_MAX_ROWS = 50_000;

export function createFinishedRunMetrics(maxRows = FINISHED_RUN_METRICS_MAX_ROWS): FinishedRunMetrics {
  // A Map iterates in insertion order: re-inserting on every read keeps the oldest read first.
  const lists = new Map<string, EpochMetricParent[]>();
  let rows = 0;
  return {
    get(runId) {
      const metrics = lists.get(runId);
      if (metrics) {
        lists.delete(runId);
        lists.set(runId, metrics);
      }
      return metrics;
    },
    set(runId, metrics) {
      if (metrics.length > maxRows || lists.has(runId)) return;
      lists.set(runId, metrics);
      rows += metrics.length;
      for (const [oldest, list] of lists) {
        if (rows <= maxRows) break;
        lists.delete(oldest);
        rows -= list.length;
      }
    },
  };
}
