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
  /** Workers ended for being idle (releasing their memory) since the pool started. */
  retired: number;
  /** Models read from disk into a worker (by a prediction or a warm-up) since the pool started. */
  modelLoads: number;
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
  /**
   * Loads the model into a worker ahead of its first prediction (starting a worker if none runs),
   * queued behind predictions like one. Resolves once it is loaded, at once when a worker already
   * holds it, or without loading when the queue is full: warming is a favour, never a reason to
   * refuse or delay a request. Each worker keeps its usual few models; warming evicts the least
   * recently used.
   */
  warm(request: { modelId: string; modelDir: string }): Promise<void>;
  /**
   * Starts a worker now if none runs, so that a prediction expected soon (a training run's model,
   * the moment it finishes) does not wait for TensorFlow.js and ONNX Runtime to load. It lives
   * like any idle worker, and longer while the pool's `keepOneWhile` holds.
   */
  start(): void;
  stats(): PredictPoolStats;
  /** Fails queued and in-flight predictions and terminates the workers. */
  close(): Promise<void>;
}
