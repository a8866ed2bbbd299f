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
import { buildTransferClassifier, fineTunePredict, fineTuneVariables, headVariables, trainableVariables } from '../model/transfer-classifier';
import { METADATA_FORMAT, type ModelMetadata } from '../model-files/metadata';
import { buildTrainableChain } from '../onnx/trainable-chain';
import { createFrozenNetwork, runFrozenRows, type FrozenNetwork, type FrozenNetworkOptions } from '../onnx/frozen-network';
import type { Phase, PreprocessingMode } from '../types';
import { loadBackboneWeights, type WeightsSource } from '../weights';
import { BestWeights } from './best-weights';
import { readWeights, writeWeights, type PhaseState, type TrainCheckpoint } from './checkpoint';
import { imageExampleSet, rowExampleSet } from './example-sets';
import { FeatureCache } from './feature-cache';
import { chainEngine } from './chain-engine';
import { evaluateSet, inferenceProbabilities, runPhase, type PhaseEnd, type PhaseSpec } from './run-phase';
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
  end: PhaseEnd;
  dataset: { classNames: string[]; trainCount: number; valCount: number; skipped: { path: string; reason: string }[]; warnings: string[] };
  featureCache: { hits: number; misses: number; used: boolean };
  /** Wall time: reading and decoding the dataset, each phase (including its frozen-layer pass), all. */
  timings: { datasetSeconds: number; phases: PhaseTiming[]; totalSeconds: number };
  dispose(): void;
}

export interface PhaseTiming {
  phase: Phase;
  seconds: number;
  epochs: number;
}

// Frozen-prefix activations are cached in memory for fine-tuning only below this size.
const PREFIX_CACHE_LIMIT_BYTES = 2 * 1024 ** 3;
// Frozen passes need no gradients, so larger batches only cost activation memory (VGG16 at
// 224 px: about 13 MB per image for its largest layer). Measured on flowers5 at 224 px: 8 rather
// than 16 lowers the run's peak RSS from about 2.0 to 1.5 GB at the same speed.
const FROZEN_BATCH_LIMIT = 8;

/**
 * The recipe, end to end: read the dataset, build the network for the strategy, train each
 * phase, restore the best epoch's weights, evaluate on the validation split.
 */
export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainResult> {
  const started = performance.now();
  const config = resolveTrainConfig(options.config);
  const callbacks = options.callbacks ?? {};
  const log = (message: string) => callbacks.onLog?.(message);
  const rng = createRng(config.seed);

  const index = await scanDataset(options.datasetDir, { validationSplit: config.validationSplit, seed: config.seed });
  index.warnings.forEach((w) => log(`warning: ${w}`));
  const decoding = { size: config.imageSize, classNames: index.classNames, maxInputPixels: options.maxInputPixels };
  const train = await loadImages(index.train, decoding);
  const val = await loadImages(index.val, decoding);
  const skipped = [...index.skipped, ...train.skipped, ...val.skipped];
  skipped.forEach((s) => log(`skipped ${s.path}: ${s.reason}`));
  const trainLabels = train.entries.map((e) => e.classIndex);
  const valLabels = val.entries.map((e) => e.classIndex);
  const numClasses = index.classNames.length;
  const classWeights = config.classWeight === 'balanced' ? balancedClassWeights(trainLabels, numClasses) : null;
  log(`dataset: ${numClasses} classes, ${train.pixels.length} training and ${val.pixels.length} validation images`);
  const datasetSeconds = (performance.now() - started) / 1000;

  const featureCache = options.featureCache ?? new FeatureCache();
  const cacheBefore = { hits: featureCache.hits, misses: featureCache.misses };
  let usedFeatureCache = false;
  let cacheStats = { hits: 0, misses: 0 };
  const resume = options.resume;
  const metrics: EpochMetric[] = [...(resume?.metrics ?? [])];
  const onEpochEnd = async (m: EpochMetric) => {
    metrics.push(m);
    await callbacks.onEpochEnd?.(m);
  };
  const phaseCallbacks: TrainingCallbacks = { ...callbacks, onEpochEnd };
  const phaseTimings: PhaseTiming[] = [];
  /** Runs a phase and records its wall time, including the `setupSeconds` spent preparing it. */
  const timed = async <T>(phase: Phase, setupSeconds: number, run: () => Promise<T>): Promise<T> => {
    const phaseStarted = performance.now();
    try {
      return await run();
    } finally {
      const seconds = setupSeconds + (performance.now() - phaseStarted) / 1000;
      phaseTimings.push({ phase, seconds, epochs: metrics.filter((m) => m.phase === phase).length });
    }
  };
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
  /** What a phase needs to carry on from the checkpoint (when it is this phase's) and to write new ones. */
  const checkpointing = (phase: Phase): Pick<PhaseSpec, 'resume' | 'onEpochDone'> => ({
    resume: resume?.phase === phase ? { epoch: resume.epoch, state: resume.state } : undefined,
    onEpochDone: options.onCheckpoint
      ? (epoch: number, state: PhaseState) =>
          options.onCheckpoint!(() => ({ phase, epoch, state, metrics: [...metrics], weights: readWeights(model), best: best.bestEpoch && { score: best.score, at: best.bestEpoch, weights: best.snapshot({ phase, epoch }) } }))
      : undefined,
  });
  /** The checkpoint's weights and best epoch, once the model is built (before anything reads the weights). */
  const restore = () => {
    if (!resume) return;
    writeWeights(model, resume.weights);
    if (resume.best) best.adopt(resume.best.score, resume.best.at, resume.best.weights);
    log(`resuming after ${resume.phase} epoch ${resume.epoch} (from a checkpoint)`);
  };
  const augmentation = isAugmentationActive(config.augmentation) ? config.augmentation : undefined;
  const images = (pixels: Uint8Array[], labels: number[], preprocessing: PreprocessingMode, encode?: ((x: tf.Tensor4D) => tf.Tensor) | FrozenNetwork) =>
    imageExampleSet({ pixels, labels, imageSize: config.imageSize, preprocessing, augmentation, rng, encode });

  let model: tf.LayersModel;
  let preprocessing: PreprocessingMode;
  let weightsInfo = { kind: 'none', hash: 'random' };
  let end: PhaseEnd = 'completed';
  let lastPhase: Pick<PhaseSpec, 'predict' | 'val' | 'engine'>;
  let evaluation: Evaluation | null | undefined;
  let best: BestWeights;

  if (config.strategy === 'BASELINE') {
    preprocessing = 'none';
    model = buildBaselineCnn({ imageSize: config.imageSize, numClasses, seed: config.seed });
    best = new BestWeights(model);
    restore();
    const predict = (x: tf.Tensor, training: boolean) => model.apply(x, { training }) as tf.Tensor;
    const valSet = val.pixels.length ? images(val.pixels, valLabels, preprocessing) : null;
    lastPhase = { predict, val: valSet };
    ({ end } = await timed('BASELINE', 0, () => runPhase({
      ...common,
      phase: 'BASELINE',
      epochs: config.epochs,
      learningRate: config.learningRate,
      variables: trainableVariables(model),
      predict,
      train: images(train.pixels, trainLabels, preprocessing),
      val: valSet,
      best,
      ...checkpointing('BASELINE'),
    })));
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
    restore();
    backbone.layers.forEach((l) => (l.trainable = false));

    // Phase 1, feature extraction: the backbone is frozen, so only the head trains.
    const featuresStarted = performance.now();
    const headPredict = (x: tf.Tensor, training: boolean) => classifier.headOnPooled.apply(x, { training }) as tf.Tensor;
    const frozenBatch = Math.min(config.batchSize, FROZEN_BATCH_LIMIT);
    const prefixShape = fineTuneCut ? (fineTuneCut.prefix.outputs[0]!.shape.slice(1) as number[]) : [];
    const prefixBytes = prefixShape.reduce((a, b) => a * b, 4) * (train.pixels.length + val.pixels.length);
    // Without augmentation every image's frozen-prefix output is fixed: when fine-tuning follows,
    // compute it once, first, and derive the pooled features from it, so the prefix (most of the
    // backbone's work) runs once per image for both phases.
    let prefixRows: { train: Float32Array[]; val: Float32Array[] } | null = null;
    if (fineTuneCut && config.fineTuneEpochs > 0 && !augmentation && prefixBytes <= PREFIX_CACHE_LIMIT_BYTES) {
      prefixRows = await withFrozenNetwork(fineTuneCut.prefix, { preprocessing }, log, async (network) => ({
        train: await runFrozenRows(network, train.pixels, frozenBatch),
        val: await runFrozenRows(network, val.pixels, frozenBatch),
      }));
    }
    // Frozen networks that phases run per batch (augmentation); released when training ends.
    const perBatch: FrozenNetwork[] = [];
    const perBatchNetwork = async (model: tf.LayersModel, networkOptions: FrozenNetworkOptions) => {
      const network = await openFrozenNetwork(model, networkOptions, log, ', every batch');
      perBatch.push(network);
      return network;
    };
    /** Phase 1's examples: pooled backbone features (from the cache where they can be), or pixels through the backbone every batch. */
    const featureSets = async (): Promise<{ train: ExampleSet; val: ExampleSet | null }> => {
      if (augmentation) {
        log('augmentation is on: each epoch sees new pixels, so backbone features cannot be cached and are recomputed every epoch.');
        const pooled = await perBatchNetwork(backbone, { preprocessing, pooled: true });
        return { train: images(train.pixels, trainLabels, preprocessing, pooled), val: val.pixels.length ? images(val.pixels, valLabels, preprocessing, pooled) : null };
      }
      usedFeatureCache = true;
      // Random weights are drawn afresh each run, so their features are valid for this run only:
      // keep them in a private in-memory cache, never in the shared one.
      const runCache = loaded.kind === 'none' ? new FeatureCache() : featureCache;
      const keyParts = { backbone: `${config.backbone}${config.backbone === 'MOBILENET_V2' ? `@${config.alpha}` : ''}`, weightsHash: loaded.hash, imageSize: config.imageSize, preprocessing };
      const keysOf = (entries: { sha256: string }[]) => entries.map((e) => FeatureCache.key({ ...keyParts, imageSha256: e.sha256 }));
      const lookups = { train: await lookUp(runCache, keysOf(train.entries)), val: await lookUp(runCache, keysOf(val.entries)) };
      const missing = { train: missingIndices(lookups.train), val: missingIndices(lookups.val) };
      if (missing.train.length + missing.val.length > 0) {
        const [network, inputs] = prefixRows
          ? ([fineTuneCut!.suffix, prefixRows] as const)
          : ([backbone, { train: train.pixels, val: val.pixels }] as const);
        await withFrozenNetwork(network, { preprocessing: prefixRows ? undefined : preprocessing, pooled: true }, log, async (frozen) => {
          for (const split of ['train', 'val'] as const) {
            const computed = await runFrozenRows(frozen, missing[split].map((i) => inputs[split][i]!), frozenBatch);
            for (const [k, i] of missing[split].entries()) {
              lookups[split].rows[i] = computed[k]!;
              await runCache.set(lookups[split].keys[i]!, computed[k]!);
            }
          }
        });
      }
      cacheStats = runCache === featureCache ? { hits: featureCache.hits - cacheBefore.hits, misses: featureCache.misses - cacheBefore.misses } : { hits: runCache.hits, misses: runCache.misses };
      log(`feature cache: ${cacheStats.hits} hits, ${cacheStats.misses} computed`);
      return {
        train: rowExampleSet({ rows: lookups.train.rows as Float32Array[], labels: trainLabels, shape: [classifier.featureSize] }),
        val: val.pixels.length ? rowExampleSet({ rows: lookups.val.rows as Float32Array[], labels: valLabels, shape: [classifier.featureSize] }) : null,
      };
    };
    try {
      // Replaced by feature extraction below, or, when a checkpoint resumes fine-tuning (which
      // needs neither that phase nor its features), by fine-tuning.
      lastPhase = { predict: headPredict, val: null };
      if (resume?.phase !== 'FINE_TUNE') {
        const features = await featureSets();
        const featuresSeconds = (performance.now() - featuresStarted) / 1000;
        lastPhase = { predict: headPredict, val: features.val };
        ({ end } = await timed('FEATURE_EXTRACTION', featuresSeconds, () =>
          runPhase({
            ...common,
            phase: 'FEATURE_EXTRACTION',
            epochs: config.epochs,
            learningRate: config.learningRate,
            variables: headVariables(classifier),
            predict: headPredict,
            train: features.train,
            val: features.val,
            best,
            ...checkpointing('FEATURE_EXTRACTION'),
          }),
        ));
      }

      // Phase 2, fine-tuning: unfreeze from `unfreezeFrom` on, at the lower learning rate.
      if (fineTuneCut && config.fineTuneEpochs > 0 && end !== 'canceled') {
        const fineTuneStarted = performance.now();
        // Fine-tuning starts from feature extraction's best epoch; a resumed one from where it was.
        if (resume?.phase !== 'FINE_TUNE') best.restore();
        const { name: cutName, prefix, suffix } = fineTuneCut;
        unfreezeFrom(backbone, cutName);
        const predict = fineTunePredict(classifier, suffix);
        let ftTrain: ExampleSet;
        let ftVal: ExampleSet | null;
        if (prefixRows) {
          log(`fine-tuning from ${cutName}: the frozen layers before it ran once per image (cached).`);
          ftTrain = rowExampleSet({ rows: prefixRows.train, labels: trainLabels, shape: prefixShape });
          ftVal = val.pixels.length ? rowExampleSet({ rows: prefixRows.val, labels: valLabels, shape: prefixShape }) : null;
        } else {
          log(`fine-tuning from ${cutName}: the frozen layers before it run every batch${augmentation ? ' (augmentation is on)' : ' (too many images to cache)'}.`);
          const encode = await perBatchNetwork(prefix, { preprocessing });
          ftTrain = images(train.pixels, trainLabels, preprocessing, encode);
          ftVal = val.pixels.length ? images(val.pixels, valLabels, preprocessing, encode) : null;
        }
        const built = await buildTrainableChain(suffix);
        const engine = built.ok ? chainEngine(built.chain, classifier.headOnMap, headVariables(classifier)) : undefined;
        log(`unfrozen layers on ${built.ok ? 'onnxruntime' : `tensorflow.js (${built.reason})`}`);
        lastPhase = { predict, val: ftVal, engine };
        try {
          ({ end } = await timed('FINE_TUNE', (performance.now() - fineTuneStarted) / 1000, () =>
            runPhase({
              ...common,
              phase: 'FINE_TUNE',
              epochs: config.fineTuneEpochs,
              learningRate: config.fineTuneLearningRate,
              variables: fineTuneVariables(classifier, suffix),
              predict,
              engine,
              train: ftTrain,
              val: ftVal,
              best,
              ...checkpointing('FINE_TUNE'),
            }),
          ));
          best.restore();
          evaluation = lastPhase.val ? await evaluateOn(lastPhase, config.batchSize, index.classNames) : null;
        } finally {
          if (built.ok) await built.chain.dispose();
        }
      }
      // Evaluated while the per-batch networks are still open.
      best.restore();
      evaluation ??= lastPhase.val ? await evaluateOn(lastPhase, config.batchSize, index.classNames) : null;
    } finally {
      await Promise.all(perBatch.map((n) => n.dispose()));
    }
  }

  best.restore();
  best.release();
  // BASELINE is evaluated here; transfer strategies were evaluated before their ONNX sessions closed.
  evaluation ??= lastPhase.val ? await evaluateOn(lastPhase, config.batchSize, index.classNames) : null;
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
    timings: { datasetSeconds, phases: phaseTimings, totalSeconds: (performance.now() - started) / 1000 },
    dispose: () => disposeModelWeights(model),
  };
}

/** Builds a frozen network and says in the log where it runs (and why not on ONNX Runtime, if not). */
async function openFrozenNetwork(model: tf.LayersModel, options: FrozenNetworkOptions, log: (m: string) => void, note = ''): Promise<FrozenNetwork> {
  const network = await createFrozenNetwork(model, options);
  log(`frozen layers (${model.name}) on ${network.engine}${network.fallbackReason ? ` (${network.fallbackReason})` : ''}${note}`);
  return network;
}

/** Builds the frozen network, hands it to `use`, and releases it whatever happens. */
async function withFrozenNetwork<T>(model: tf.LayersModel, options: FrozenNetworkOptions, log: (m: string) => void, use: (network: FrozenNetwork) => Promise<T>): Promise<T> {
  const network = await openFrozenNetwork(model, options, log);
  try {
    return await use(network);
  } finally {
    await network.dispose();
  }
}

async function lookUp(cache: FeatureCache, keys: string[]): Promise<{ keys: string[]; rows: (Float32Array | undefined)[] }> {
  return { keys, rows: await Promise.all(keys.map((k) => cache.get(k))) };
}

function missingIndices(lookup: { rows: (Float32Array | undefined)[] }): number[] {
  return lookup.rows.flatMap((r, i) => (r ? [] : [i]));
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

async function evaluateOn(phase: Pick<PhaseSpec, 'predict' | 'val' | 'engine'>, batchSize: number, classNames: string[]): Promise<Evaluation> {
  const set = phase.val!;
  const probs: Float32Array[] = [];
  for (let start = 0; start < set.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
    const out = await inferenceProbabilities(set, indices, phase.engine ?? phase.predict);
    const data = out.dataSync() as Float32Array;
    out.dispose();
    const width = data.length / indices.length;
    indices.forEach((_, k) => probs.push(data.slice(k * width, (k + 1) * width)));
  }
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
