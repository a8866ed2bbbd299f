import * as tf from '@tensorflow/tfjs';
import { BACKBONES, findLayerIndex, unfreezeFrom } from '../backbones';
import { ConfigError, resolveTrainConfig, type TrainConfig, type TrainConfigInput } from '../config';
import { balancedClassWeights } from '../data/class-weights';
import { isAugmentationActive } from '../data/augment';
import { loadImages } from '../data/load-images';
import { createRng } from '../data/random';
import { scanDataset } from '../data/read-dataset';
import { evaluatePredictions, type Evaluation } from '../evaluation/metrics';
import { buildBaselineCnn } from '../model/baseline-cnn';
import { splitModelAt } from '../model/split-model';
import { buildTransferClassifier, headVariables } from '../model/transfer-classifier';
import { METADATA_FORMAT, type ModelMetadata } from '../model-files/metadata';
import type { PreprocessingMode } from '../types';
import { loadBackboneWeights, type WeightsSource } from '../weights';
import { BestWeights } from './best-weights';
import { computeRows, imageExampleSet, rowExampleSet } from './example-sets';
import { FeatureCache } from './feature-cache';
import { evaluateSet, runPhase, type PhaseEnd, type PhaseSpec } from './run-phase';
import type { EpochMetric, ExampleSet, TrainingCallbacks } from './types';

export interface TrainClassifierOptions {
  datasetDir: string;
  config: TrainConfigInput;
  /** Where backbone weights come from; defaults to `imagenet` when pretrained, else `none`. */
  weights?: { source?: WeightsSource; cacheDir: string; baseUrl?: string };
  /** Persists pooled features across runs; in memory only when absent. */
  featureCache?: FeatureCache;
  signal?: AbortSignal;
  callbacks?: TrainingCallbacks;
}

export interface TrainResult {
  /** Pixels (preprocessed as `metadata.preprocessing`) → class probabilities. */
  model: tf.LayersModel;
  metadata: ModelMetadata;
  metrics: EpochMetric[];
  end: PhaseEnd;
  dataset: { classNames: string[]; trainCount: number; valCount: number; skipped: { path: string; reason: string }[]; warnings: string[] };
  featureCache: { hits: number; misses: number; used: boolean };
  dispose(): void;
}

// Frozen-prefix activations are cached in memory for fine-tuning only below this size.
const PREFIX_CACHE_LIMIT_BYTES = 2 * 1024 ** 3;

/**
 * The recipe, end to end: read the dataset, build the network for the strategy, train each
 * phase, restore the best epoch's weights, evaluate on the validation split.
 */
export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainResult> {
  const config = resolveTrainConfig(options.config);
  const callbacks = options.callbacks ?? {};
  const log = (message: string) => callbacks.onLog?.(message);
  const rng = createRng(config.seed);

  const index = await scanDataset(options.datasetDir, { validationSplit: config.validationSplit, seed: config.seed });
  index.warnings.forEach((w) => log(`warning: ${w}`));
  const train = await loadImages(index.train, { size: config.imageSize, classNames: index.classNames });
  const val = await loadImages(index.val, { size: config.imageSize, classNames: index.classNames });
  const skipped = [...index.skipped, ...train.skipped, ...val.skipped];
  skipped.forEach((s) => log(`skipped ${s.path}: ${s.reason}`));
  const trainLabels = train.entries.map((e) => e.classIndex);
  const valLabels = val.entries.map((e) => e.classIndex);
  const numClasses = index.classNames.length;
  const classWeights = config.classWeight === 'balanced' ? balancedClassWeights(trainLabels, numClasses) : null;
  log(`dataset: ${numClasses} classes, ${train.pixels.length} training and ${val.pixels.length} validation images`);

  const featureCache = options.featureCache ?? new FeatureCache();
  const cacheBefore = { hits: featureCache.hits, misses: featureCache.misses };
  let usedFeatureCache = false;
  let cacheStats = { hits: 0, misses: 0 };
  const metrics: EpochMetric[] = [];
  const onEpochEnd = async (m: EpochMetric) => {
    metrics.push(m);
    await callbacks.onEpochEnd?.(m);
  };
  const phaseCallbacks: TrainingCallbacks = { ...callbacks, onEpochEnd };
  const common = {
    batchSize: config.batchSize,
    classWeights,
    rng,
    earlyStoppingPatience: config.earlyStoppingPatience,
    reduceLr: config.reduceLrPatience
      ? { patience: config.reduceLrPatience, factor: config.reduceLrFactor, minLearningRate: config.minLearningRate }
      : null,
    signal: options.signal,
    callbacks: phaseCallbacks,
  };
  const augmentation = isAugmentationActive(config.augmentation) ? config.augmentation : undefined;
  const images = (pixels: Uint8Array[], labels: number[], preprocessing: PreprocessingMode, encode?: (x: tf.Tensor4D) => tf.Tensor) =>
    imageExampleSet({ pixels, labels, imageSize: config.imageSize, preprocessing, augmentation, rng, encode });

  let model: tf.LayersModel;
  let preprocessing: PreprocessingMode;
  let weightsInfo = { kind: 'none', hash: 'random' };
  let end: PhaseEnd = 'completed';
  let lastPhase: Pick<PhaseSpec, 'predict' | 'val'>;
  let best: BestWeights;

  if (config.strategy === 'BASELINE') {
    preprocessing = 'rescale';
    model = buildBaselineCnn({ imageSize: config.imageSize, numClasses, dropout: config.dropout, seed: config.seed });
    best = new BestWeights(model);
    const predict = (x: tf.Tensor, training: boolean) => model.apply(x, { training }) as tf.Tensor;
    const valSet = val.pixels.length ? images(val.pixels, valLabels, preprocessing) : null;
    lastPhase = { predict, val: valSet };
    ({ end } = await runPhase({
      ...common,
      phase: 'BASELINE',
      epochs: config.epochs,
      learningRate: config.learningRate,
      variables: trainableVariables(model),
      predict,
      train: images(train.pixels, trainLabels, preprocessing),
      val: valSet,
      best,
    }));
  } else {
    const spec = BACKBONES[config.backbone];
    preprocessing = spec.preprocessing;
    const alpha = config.backbone === 'MOBILENET_V2' ? config.alpha : undefined;
    const backbone = spec.build({ imageSize: config.imageSize, alpha, seed: config.seed });
    // Check where fine-tuning will start before anything slow happens (weights, features).
    const fineTuneCut = config.strategy === 'FINE_TUNE' ? resolveFineTuneCut(backbone, config.unfreezeFrom ?? spec.defaultUnfreezeFrom) : null;
    const source: WeightsSource = options.weights?.source ?? (config.pretrained ? 'imagenet' : 'none');
    const loaded = await loadBackboneWeights(backbone, {
      backbone: config.backbone,
      alpha,
      imageSize: config.imageSize,
      source,
      cacheDir: options.weights?.cacheDir ?? '.data/weights',
      baseUrl: options.weights?.baseUrl,
      onProgress: (p: unknown) => log(`downloading weights: ${JSON.stringify(p)}`),
    });
    weightsInfo = { kind: loaded.kind, hash: loaded.hash };
    log(`backbone ${config.backbone} (${describeWeights(loaded)})`);
    const classifier = buildTransferClassifier({ backbone, numClasses, dropout: config.dropout, seed: config.seed });
    model = classifier.full;
    best = new BestWeights(model);
    backbone.layers.forEach((l) => (l.trainable = false));

    // Phase 1, feature extraction: the backbone is frozen, so only the head trains.
    const pooled = (x: tf.Tensor4D) => tf.mean(backbone.predict(x) as tf.Tensor4D, [1, 2]);
    const headPredict = (x: tf.Tensor, training: boolean) => classifier.headOnPooled.apply(x, { training }) as tf.Tensor;
    let feTrain: ExampleSet;
    let feVal: ExampleSet | null;
    if (augmentation) {
      log('augmentation is on: each epoch sees new pixels, so backbone features cannot be cached and are recomputed every epoch.');
      feTrain = images(train.pixels, trainLabels, preprocessing, pooled);
      feVal = val.pixels.length ? images(val.pixels, valLabels, preprocessing, pooled) : null;
    } else {
      usedFeatureCache = true;
      // Random weights are drawn afresh each run, so their features are valid for this run only:
      // keep them in a private in-memory cache, never in the shared one.
      const runCache = loaded.kind === 'none' ? new FeatureCache() : featureCache;
      const keyParts = { backbone: `${config.backbone}${config.backbone === 'MOBILENET_V2' ? `@${config.alpha}` : ''}`, weightsHash: loaded.hash, imageSize: config.imageSize, preprocessing };
      const cached = async (entries: { sha256: string }[], pixels: Uint8Array[]) => {
        const keys = entries.map((e) => FeatureCache.key({ ...keyParts, imageSha256: e.sha256 }));
        const rows = await Promise.all(keys.map((k) => runCache.get(k)));
        const missing = rows.flatMap((r, i) => (r ? [] : [i]));
        const computed = computeRows(images(missing.map((i) => pixels[i]!), missing.map(() => 0), preprocessing), config.batchSize, (x) => pooled(x as tf.Tensor4D));
        for (const [k, i] of missing.entries()) {
          rows[i] = computed[k]!;
          await runCache.set(keys[i]!, computed[k]!);
        }
        return rows as Float32Array[];
      };
      feTrain = rowExampleSet({ rows: await cached(train.entries, train.pixels), labels: trainLabels, shape: [classifier.featureSize] });
      feVal = val.pixels.length ? rowExampleSet({ rows: await cached(val.entries, val.pixels), labels: valLabels, shape: [classifier.featureSize] }) : null;
      cacheStats = runCache === featureCache ? { hits: featureCache.hits - cacheBefore.hits, misses: featureCache.misses - cacheBefore.misses } : { hits: runCache.hits, misses: runCache.misses };
      log(`feature cache: ${cacheStats.hits} hits, ${cacheStats.misses} computed`);
    }
    lastPhase = { predict: headPredict, val: feVal };
    ({ end } = await runPhase({
      ...common,
      phase: 'FEATURE_EXTRACTION',
      epochs: config.epochs,
      learningRate: config.learningRate,
      variables: headVariables(classifier),
      predict: headPredict,
      train: feTrain,
      val: feVal,
      best,
    }));

    // Phase 2, fine-tuning: unfreeze from `unfreezeFrom` on, at the lower learning rate.
    if (fineTuneCut && config.fineTuneEpochs > 0 && end !== 'canceled') {
      best.restore();
      const { name: cutName, prefix, suffix } = fineTuneCut;
      unfreezeFrom(backbone, cutName);
      const prefixShape = prefix.outputs[0]!.shape.slice(1) as number[];
      // BatchNorm layers stay in inference mode while fine-tuning, as the Keras guide says.
      const predict = (x: tf.Tensor, training: boolean) =>
        classifier.headOnMap.apply(suffix.apply(x, { training: false }) as tf.Tensor, { training }) as tf.Tensor;
      const encode = (x: tf.Tensor4D) => prefix.predict(x) as tf.Tensor;
      const rowBytes = prefixShape.reduce((a, b) => a * b, 4);
      let ftTrain: ExampleSet;
      let ftVal: ExampleSet | null;
      if (!augmentation && rowBytes * (train.pixels.length + val.pixels.length) <= PREFIX_CACHE_LIMIT_BYTES) {
        log(`fine-tuning from ${cutName}: the frozen layers before it run once per image (cached).`);
        const rows = (pixels: Uint8Array[], labels: number[]) => computeRows(images(pixels, labels, preprocessing, encode), config.batchSize);
        ftTrain = rowExampleSet({ rows: rows(train.pixels, trainLabels), labels: trainLabels, shape: prefixShape });
        ftVal = val.pixels.length ? rowExampleSet({ rows: rows(val.pixels, valLabels), labels: valLabels, shape: prefixShape }) : null;
      } else {
        log(`fine-tuning from ${cutName}: the frozen layers before it run every batch${augmentation ? ' (augmentation is on)' : ' (too many images to cache)'}.`);
        ftTrain = images(train.pixels, trainLabels, preprocessing, encode);
        ftVal = val.pixels.length ? images(val.pixels, valLabels, preprocessing, encode) : null;
      }
      lastPhase = { predict, val: ftVal };
      ({ end } = await runPhase({
        ...common,
        phase: 'FINE_TUNE',
        epochs: config.fineTuneEpochs,
        learningRate: config.fineTuneLearningRate,
        variables: [...trainableVariables(suffix), ...headVariables(classifier)],
        predict,
        train: ftTrain,
        val: ftVal,
        best,
      }));
    }
  }

  best.restore();
  best.release();
  const evaluation = lastPhase.val ? evaluateOn(lastPhase.val, lastPhase.predict, config.batchSize, index.classNames) : null;
  const bestMetric = best.bestEpoch ? metrics.find((m) => m.phase === best.bestEpoch!.phase && m.epoch === best.bestEpoch!.epoch) : undefined;
  const metadata: ModelMetadata = {
    format: METADATA_FORMAT,
    classes: index.classNames,
    imageSize: config.imageSize,
    backbone: config.strategy === 'BASELINE' ? null : config.backbone,
    alpha: config.strategy !== 'BASELINE' && config.backbone === 'MOBILENET_V2' ? config.alpha : null,
    preprocessing,
    strategy: config.strategy,
    weights: weightsInfo,
    config,
    metrics: {
      valAccuracy: evaluation?.accuracy ?? null,
      valLoss: bestMetric?.valLoss ?? null,
      bestEpoch: best.bestEpoch,
      epochs: metrics,
    },
    evaluation,
    createdAt: new Date().toISOString(),
    tfjsVersion: tf.version.tfjs,
  };
  return {
    model,
    metadata,
    metrics,
    end,
    dataset: { classNames: index.classNames, trainCount: train.pixels.length, valCount: val.pixels.length, skipped, warnings: index.warnings },
    featureCache: { ...cacheStats, used: usedFeatureCache },
    dispose: () => disposeModelWeights(model),
  };
}

/** Where FINE_TUNE unfreezes the backbone, split there; a name that cannot work is a config error. */
function resolveFineTuneCut(backbone: tf.LayersModel, layerOrBlock: string): { name: string; prefix: tf.LayersModel; suffix: tf.LayersModel } {
  try {
    const name = backbone.layers[findLayerIndex(backbone, layerOrBlock)]!.name;
    return { name, ...splitModelAt(backbone, name) };
  } catch (error) {
    throw new ConfigError([{ field: 'unfreezeFrom', message: `cannot be '${layerOrBlock}': ${(error as Error).message}` }]);
  }
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

function evaluateOn(set: ExampleSet, predict: PhaseSpec['predict'], batchSize: number, classNames: string[]): Evaluation {
  const probs = computeRows(set, batchSize, (x) => predict(x, false));
  return evaluatePredictions(probs, [...set.labels], classNames);
}

function describeWeights(w: { kind: string; hash: string; path?: string }): string {
  return w.kind === 'none' ? 'random weights' : `${w.kind} weights ${w.path ?? ''} sha256 ${w.hash.slice(0, 12)}`;
}

/** Disposes every weight of a model once, including layers it shares with the training-time wirings. */
export function disposeModelWeights(model: tf.LayersModel): void {
  for (const w of new Set(model.weights)) w.dispose();
}

export { evaluateSet };
export type { TrainConfig };
