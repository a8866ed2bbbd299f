import type { Logger } from '../logger';
import type { PredictPool } from './predict-pool';

/** Placeholder until the worker-thread pool lands: refuses predictions clearly. */
export function createPredictPool(_options: { threads: number; logger: Logger }): PredictPool {
  return {
    predict: () => Promise.reject(new Error('predict is not available yet')),
    close: async () => {},
  };
}
