import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import { isAugmentationActive } from '../data/augment';
import type { Rng } from '../data/random';
import type { FrozenNetwork } from '../onnx/frozen-network';
import type { PreprocessingMode } from '../types';
import { imageExampleSet } from './example-sets';
import type { EvaluationTarget } from './evaluation-target';
import type { PhaseRunner } from './phase-runner';
import type { PhaseEnd } from './run-phase';
import type { LoadedSplit, TrainingData } from './training-data';
import type { TrainingSession } from './training-session';
import type { ExampleSet } from './types';

/** What the training steps share; the orchestrator builds it once the model exists. */
export interface StepContext {
  config: TrainConfig;
  data: TrainingData;
  runner: PhaseRunner;
  session: TrainingSession;
  log: (message: string) => void;
  /** A split's decoded images as examples (augmented in training batches when augmentation is on). */
  images: (split: LoadedSplit, preprocessing: PreprocessingMode, encode?: ((x: tf.Tensor4D) => tf.Tensor) | FrozenNetwork) => ExampleSet;
}

/** How a strategy's phases ended, and what to evaluate the restored best weights with. */
export interface TrainedPhases {
  end: PhaseEnd;
  target: EvaluationTarget;
}

export function imagesOf(config: TrainConfig, rng: Rng): StepContext['images'] {
  const augmentation = isAugmentationActive(config.augmentation) ? config.augmentation : undefined;
  return (split, preprocessing, encode) =>
    imageExampleSet({ pixels: split.pixels, labels: split.labels, imageSize: config.imageSize, preprocessing, augmentation, rng, encode });
}

/** The examples of a split, or null when it has no image (no validation set, say). */
export function unlessEmpty(split: LoadedSplit, make: (split: LoadedSplit) => ExampleSet): ExampleSet | null {
  return split.pixels.length ? make(split) : null;
}
