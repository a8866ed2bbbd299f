import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import type { Evaluation } from '../evaluation/metrics';
import { METADATA_FORMAT, type FeatureCacheUse, type ModelMetadata } from '../model-files/metadata';
import type { PreprocessingMode } from '../types';
import type { PhaseSummary } from './phase-summary';
import type { EpochMetric } from './types';

/** The last step: what metadata.json says about the model and how it was trained. */
export function trainingMetadata(run: {
  config: TrainConfig;
  classNames: string[];
  preprocessing: PreprocessingMode;
  weights: { kind: string; hash: string };
  metrics: EpochMetric[];
  phases: PhaseSummary[];
  bestEpoch: { phase: string; epoch: number } | null;
  evaluation: Evaluation | null;
  testEvaluation: Evaluation | null;
  datasetHash: string;
  featureCache: FeatureCacheUse & { used: boolean };
}): ModelMetadata {
  const { config, bestEpoch } = run;
  const bestMetric = bestEpoch ? run.metrics.find((m) => m.phase === bestEpoch.phase && m.epoch === bestEpoch.epoch) : undefined;
  return {
    format: METADATA_FORMAT,
    classes: run.classNames,
    imageSize: config.imageSize,
    backbone: config.strategy === 'BASELINE' ? null : config.backbone,
    alpha: config.strategy !== 'BASELINE' && config.backbone === 'MOBILENET_V2' ? config.alpha : null,
    preprocessing: run.preprocessing,
    strategy: config.strategy,
    weights: run.weights,
    config,
    metrics: {
      valAccuracy: run.evaluation?.accuracy ?? null,
      valLoss: bestMetric?.valLoss ?? null,
      bestEpoch,
      phases: run.phases,
      epochs: run.metrics,
    },
    evaluation: run.evaluation,
    testEvaluation: run.testEvaluation,
    datasetHash: run.datasetHash,
    featureCache: run.featureCache.used ? { hits: run.featureCache.hits, misses: run.featureCache.misses } : null,
    createdAt: new Date().toISOString(),
    tfjsVersion: tf.version.tfjs,
  };
}
