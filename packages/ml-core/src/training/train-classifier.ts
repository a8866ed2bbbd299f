import type * as tf from '@tensorflow/tfjs';
import { resolveTrainConfig, type TrainConfig, type TrainConfigInput } from '../config';
import { createRng } from '../data/random';
import type { ModelMetadata } from '../model-files/metadata';
import { BASELINE_PREPROCESSING } from '../model/baseline-cnn';
import { buildBaseline, trainBaseline } from './baseline-step';
import { BestWeights } from './best-weights';
import type { TrainCheckpoint } from './checkpoint';
import { evaluateExamples } from './evaluation-target';
import { FeatureCache } from './feature-cache';
import { PhaseRunner, type PhaseTiming } from './phase-runner';
import type { PhaseSummary } from './phase-summary';
import { evaluateSet, type PhaseEnd } from './run-phase';
import { imagesOf, type StepContext } from './step-context';
import { loadTrainingData, type LoadedSplit } from './training-data';
import { trainingMetadata } from './training-metadata';
import { TrainingSession } from './training-session';
import { buildTransferModel, type WeightsOptions } from './transfer-model';
import { trainTransfer, type TransferOutcome } from './transfer-phases';
import type { EpochMetric, ExampleSet, TrainingCallbacks } from './types';
import type { Evaluation } from '../evaluation/metrics';
import { imagePredictions } from '../evaluation/image-predictions';
import { PREDICTIONS_FORMAT, type ImagePrediction, type ModelPredictions, type PredictionSplit } from '../evaluation/prediction-format';

export interface TrainClassifierOptions {
  datasetDir: string;
  config: TrainConfigInput;
  /** Where backbone weights come from; defaults to `imagenet` when pretrained, else `none`. */
  weights?: WeightsOptions;
  /** Persists pooled features across runs; in memory only when absent. */
  featureCache?: FeatureCache;
  signal?: AbortSignal;
  callbacks?: TrainingCallbacks;
  /** Carry on from where a checkpoint (of a run with the same config and dataset) left off. */
  resume?: TrainCheckpoint;
  /**
   * After every epoch: `take` returns the checkpoint of that moment (reading every weight, so
   * call it only when the checkpoint will be kept, and before returning).
   */
  onCheckpoint?: (take: () => TrainCheckpoint) => void | Promise<void>;
  /** Images declaring more pixels are skipped from their header (decodeImage's default: 40 MP). */
  maxInputPixels?: number;
}

export interface TrainResult {
  /** Pixels (preprocessed as `metadata.preprocessing`) → class probabilities. */
  model: tf.LayersModel;
  metadata: ModelMetadata;
  metrics: EpochMetric[];
  /** Each phase's own best epoch and how it ended (also in `metadata.metrics.phases`). */
  phases: PhaseSummary[];
  end: PhaseEnd;
  /** The kept epoch on the test split, which nothing was chosen on (also `metadata.testEvaluation`); null without one. */
  testEvaluation: Evaluation | null;
  /** How the kept model saw each validation and test image, from the evaluation's own probabilities (for `saveModel`). */
  predictions: ModelPredictions;
  dataset: { classNames: string[]; trainCount: number; valCount: number; testCount: number; skipped: { path: string; reason: string }[]; warnings: string[] };
  featureCache: { hits: number; misses: number; used: boolean };
  /** Wall time: reading and decoding the dataset, each phase (including its frozen-layer pass), all. */
  timings: { datasetSeconds: number; phases: PhaseTiming[]; totalSeconds: number };
  dispose(): void;
}

/**
 * The recipe, end to end, one step at a time: load the data, build the strategy's network, train
 * its phases, restore the best epoch's weights (once), evaluate them on the validation and test
 * splits (once each), describe the model. Everything the steps open is released here, in one place.
 */
export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainResult> {
  const started = performance.now();
  const config = resolveTrainConfig(options.config);
  const callbacks = options.callbacks ?? {};
  const log = (message: string) => callbacks.onLog?.(message);
  const rng = createRng(config.seed);
  const data = await loadTrainingData(options.datasetDir, config, options.maxInputPixels, log);
  const datasetSeconds = (performance.now() - started) / 1000;
  const numClasses = data.classNames.length;

  const transfer = config.strategy === 'BASELINE' ? null : await buildTransferModel(config, numClasses, options.weights, log);
  const model = transfer ? transfer.classifier.full : buildBaseline(config, numClasses);
  const session = new TrainingSession();
  try {
    const best = new BestWeights(model);
    session.defer(() => best.release());
    const runner = new PhaseRunner({ config, rng, classWeights: data.classWeights, model, best, callbacks, signal: options.signal, resume: options.resume, onCheckpoint: options.onCheckpoint });
    runner.restoreCheckpoint();
    const ctx: StepContext = { config, data, runner, session, log, images: imagesOf(config, rng) };
    const outcome: TransferOutcome = transfer
      ? await trainTransfer(ctx, transfer, best, options.featureCache ?? new FeatureCache())
      : { ...(await trainBaseline(ctx, model)), featureCache: { hits: 0, misses: 0, used: false } };

    // Whatever ended training, the model keeps its best epoch; it is evaluated before the
    // session closes, since the last phase's frozen networks compute its inputs.
    best.restore();
    const { target } = outcome;
    const evaluate = (set: ExampleSet | null) => (set ? evaluateExamples(target, set, config.batchSize, data.classNames) : Promise.resolve(null));
    const val = await evaluate(target.val);
    const test = await evaluate(target.test);
    const evaluation = val?.evaluation ?? null;
    const testEvaluation = test?.evaluation ?? null;
    const predictions: ModelPredictions = {
      format: PREDICTIONS_FORMAT,
      images: [...splitPredictions(val, data.val, data.classNames, 'val'), ...splitPredictions(test, data.test, data.classNames, 'test')],
    };
    const metadata = trainingMetadata({
      config,
      classNames: data.classNames,
      preprocessing: transfer ? transfer.preprocessing : BASELINE_PREPROCESSING,
      weights: transfer ? transfer.weights : { kind: 'none', hash: 'random' },
      metrics: runner.metrics,
      phases: runner.phaseSummaries(),
      bestEpoch: best.bestEpoch,
      evaluation,
      testEvaluation,
      datasetHash: data.hash,
      featureCache: outcome.featureCache,
    });
    return {
      model,
      metadata,
      metrics: runner.metrics,
      phases: metadata.metrics.phases,
      end: outcome.end,
      testEvaluation,
      predictions,
      dataset: { classNames: data.classNames, trainCount: data.train.pixels.length, valCount: data.val.pixels.length, testCount: data.test.pixels.length, skipped: data.skipped, warnings: data.warnings },
      featureCache: outcome.featureCache,
      timings: { datasetSeconds, phases: runner.timings, totalSeconds: (performance.now() - started) / 1000 },
      dispose: () => disposeModelWeights(model),
    };
  } catch (error) {
    disposeModelWeights(model);
    throw error;
  } finally {
    await session.close();
  }
}

/** The split's image records; its example set holds the split's images in the loaded order. */
function splitPredictions(evaluated: { probabilities: Float32Array[] } | null, split: LoadedSplit, classNames: string[], name: PredictionSplit): ImagePrediction[] {
  if (!evaluated) return [];
  return imagePredictions(evaluated.probabilities, split.labels, split.entries.map((e) => e.sha256), classNames, name);
}

/** Disposes every weight of a model once, including layers it shares with the training-time wirings. */
export function disposeModelWeights(model: tf.LayersModel): void {
  for (const w of new Set(model.weights)) w.dispose();
}

export { evaluateSet };
export type { TrainConfig };
