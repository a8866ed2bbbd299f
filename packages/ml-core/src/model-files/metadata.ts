import type { TrainConfig } from '../config';
import type { Evaluation } from '../evaluation/metrics';
import type { PhaseSummary } from '../training/phase-summary';
import type { EpochMetric } from '../training/types';
import type { BackboneName, PreprocessingMode, Strategy } from '../types';

export const METADATA_FILE = 'metadata.json';
export const METADATA_FORMAT = 'transferlab-model/1';

/** How one run used the feature cache: images found in it, and images the frozen backbone ran on. */
export interface FeatureCacheUse {
  hits: number;
  misses: number;
}

/** Everything needed to use a saved model correctly, written beside its TensorFlow.js files. */
export interface ModelMetadata {
  format: typeof METADATA_FORMAT;
  /** Class names in the output layer's index order. */
  classes: string[];
  imageSize: number;
  backbone: BackboneName | null;
  alpha: number | null;
  /** How to turn RGB 0..255 pixels into the model's input; see `preprocess`. */
  preprocessing: PreprocessingMode;
  strategy: Strategy;
  /** `asset`: the team's uploaded weights the run started from, when it used some (recorded by the worker). */
  weights: { kind: string; hash: string; asset?: { id: string; name: string } };
  config: TrainConfig;
  metrics: {
    valAccuracy: number | null;
    valLoss: number | null;
    /** The epoch kept: the best over all phases. */
    bestEpoch: { phase: string; epoch: number } | null;
    /** Each phase's own best (each stops on its own patience): did fine-tuning beat the head? */
    phases: PhaseSummary[];
    epochs: EpochMetric[];
  };
  /** The kept epoch on the validation split: the split that picked it, so not a held-out measure. */
  evaluation: Evaluation | null;
  /** The kept epoch on the test split (test/ or `testSplit`), never used for any choice; null without one. */
  testEvaluation: Evaluation | null;
  /** SHA-256 of the dataset's images (`DatasetIndex.hash`): `evaluate` says when it is given the same dataset. */
  datasetHash: string;
  /**
   * How feature extraction used the feature cache: images whose pooled backbone features were found
   * (`hits`) or computed and stored (`misses`). Null when no features were cached (a baseline, or
   * augmentation, which sees new pixels every epoch); absent in files saved before it was recorded.
   */
  featureCache?: FeatureCacheUse | null;
  createdAt: string;
  tfjsVersion: string;
}
