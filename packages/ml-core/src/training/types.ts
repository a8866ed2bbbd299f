import type * as tf from '@tensorflow/tfjs';
import type { Phase } from '../types';

/** One row per epoch, as the contract's `EpochMetric`. */
export interface EpochMetric {
  phase: Phase;
  /** 1-based within the phase. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  learningRate: number;
  durationMs: number;
  imagesPerSecond: number;
  at: Date;
}

export interface BatchProgress {
  phase: Phase;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  etaSeconds: number | null;
}

/** Listeners for a training run; the loop does not know who listens. */
export interface TrainingCallbacks {
  onEpochEnd?: (metric: EpochMetric) => void | Promise<void>;
  onBatchEnd?: (progress: BatchProgress) => void;
  onLog?: (message: string) => void;
}

/**
 * Examples the loop can draw batches from: images, cached backbone features, or cached
 * frozen-prefix activations. `gather` builds the model input for the given example indices.
 */
export interface ExampleSet {
  readonly count: number;
  readonly labels: readonly number[];
  /** The batch's model input; a promise when a frozen part computes it off this thread. The caller disposes it. */
  gather(indices: number[], options: { training: boolean }): tf.Tensor | Promise<tf.Tensor>;
}
