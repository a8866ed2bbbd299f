import type { Phase } from './enums';

/**
 * The run's fully resolved hyperparameters. Their shape belongs to the API and the trainer
 * (it follows `StartRunInput`), so the database only promises a JSON object.
 */
export type RunConfig = Record<string, unknown>;

/** The latest batch progress a worker reported (`RunProgress` in the GraphQL contract). */
export interface RunProgress {
  phase: Phase;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  etaSeconds?: number | null;
}

/** Where a run ran or is running (`WorkerInfo` in the GraphQL contract). */
export interface RunWorker {
  name: string;
  backend?: string | null;
  device?: string | null;
  versions?: Record<string, unknown> | null;
  /** Where the worker runs frozen layers; absent for workers that did not say. */
  frozenEngine?: WorkerFrozenEngine | null;
}

/** The engines a worker can run frozen backbone layers on (ml-core's `FrozenEngine`). */
export type WorkerFrozenEngine = 'onnxruntime' | 'tensorflow.js';

/** Who is to blame for a failure: the user's data or config, the machine's resources, or us. */
export type FailureKind = 'user' | 'resource' | 'system';

/** The classified reason a run FAILED (`RunFailure` in the GraphQL contract). */
export interface RunFailure {
  code: string;
  kind: FailureKind;
  message: string;
}

/** The sha256 of each model file a worker uploaded for a run, by file name, until finishRun makes it a model. */
export interface UploadedModelFiles {
  'model.json': string;
  'weights.bin': string;
  'metadata.json': string;
  /** The per-image predictions (ml-core's predictions.json); absent from older trainers. */
  'predictions.json'?: string;
}

/** The uploaded weights a run started from, as they were when it was queued. */
export interface RunWeights {
  id: string;
  name: string;
  sha256: string;
}

/**
 * A sweep's grid as stored (`SweepGrid` in the GraphQL schema): the values swept of each
 * hyperparameter a sweep can vary; a hyperparameter not swept has an empty list.
 */
export interface SweepGrid {
  learningRate: number[];
  fineTuneLearningRate: number[];
  unfreezeFrom: string[];
  dropout: number[];
  imageSize: number[];
}
