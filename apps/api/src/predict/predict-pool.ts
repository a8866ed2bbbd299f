import type { Prediction } from '@transferlab/ml-core';

/** What the pool is doing right now; for logs, health checks and tests. */
export interface PredictPoolStats {
  /** Worker threads alive (started lazily, at most `threads`). */
  workers: number;
  busy: number;
  queued: number;
  /** Image bytes of the queued predictions. */
  queuedBytes: number;
  /** Workers that died (crash or timeout) since the pool started; each was replaced on demand. */
  replaced: number;
}

/** Too much is already waiting for a prediction worker; the caller should retry shortly. */
export class PredictQueueFullError extends Error {
  override name = 'PredictQueueFullError';
}

/** Runs model predictions off the event loop (worker threads), caching loaded models. */
export interface PredictPool {
  /**
   * Top-k predictions for one encoded image with the model in `modelDir` (a folder written by
   * ml-core's `saveModel`), loaded once per worker and cached by `modelId`. Rejects with ml-core's
   * ImageDecodeError for bytes that are not a readable image.
   */
  predict(request: { modelId: string; modelDir: string; image: Uint8Array; topK: number }): Promise<Prediction[]>;
  stats(): PredictPoolStats;
  /** Fails queued and in-flight predictions and terminates the workers. */
  close(): Promise<void>;
}
