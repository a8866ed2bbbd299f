import type { Prediction } from '@transferlab/ml-core';

/** Runs model predictions off the event loop (worker threads), caching loaded models. */
export interface PredictPool {
  predict(request: { modelId: string; modelDir: string; image: Uint8Array; topK: number }): Promise<Prediction[]>;
  close(): Promise<void>;
}
