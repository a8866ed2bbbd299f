import type * as tf from '@tensorflow/tfjs';
import { unfreezeFrom } from '../backbones';
import { isAugmentationActive } from '../data/augment';
import { fineTunePredict, fineTuneVariables, headVariables } from '../model/transfer-classifier';
import { buildTrainableChain } from '../onnx/trainable-chain';
import type { BestWeights } from './best-weights';
import { chainEngine } from './chain-engine';
import { rowExampleSet } from './example-sets';
import type { FeatureCache } from './feature-cache';
import { featureSets, frozenPrefixRows, prefixRowShape, type SplitRows } from './feature-sets';
import { openPerBatchNetwork } from './frozen-networks';
import type { PhaseEnd } from './run-phase';
import { unlessEmpty, type StepContext, type TrainedPhases } from './step-context';
import type { LoadedSplit } from './training-data';
import type { TransferModel } from './transfer-model';
import type { ExampleSet } from './types';

export interface TransferOutcome extends TrainedPhases {
  featureCache: { hits: number; misses: number; used: boolean };
}

/**
 * FEATURE_EXTRACTION's phase, then FINE_TUNE's second one. Feature extraction is skipped when a
 * checkpoint resumes fine-tuning (which needs neither that phase nor its features).
 */
export async function trainTransfer(ctx: StepContext, t: TransferModel, best: BestWeights, featureCache: FeatureCache): Promise<TransferOutcome> {
  t.backbone.layers.forEach((l) => (l.trainable = false));
  let outcome: TransferOutcome = { end: 'completed', target: { predict: headPredict(t), val: null, test: null }, featureCache: { hits: 0, misses: 0, used: false } };
  const prefixStarted = performance.now();
  const resumesFineTune = ctx.runner.resumedPhase === 'FINE_TUNE';
  const prefixRows = resumesFineTune ? null : await frozenPrefixRows(ctx, t);
  if (!resumesFineTune) outcome = await extractFeatures(ctx, t, prefixRows, featureCache, (performance.now() - prefixStarted) / 1000);
  if (t.fineTuneCut && ctx.config.fineTuneEpochs > 0 && outcome.end !== 'canceled') {
    // Fine-tuning starts from feature extraction's best epoch; a resumed one from where it was.
    if (!resumesFineTune) best.restore();
    outcome = { ...outcome, ...(await fineTune(ctx, t, prefixRows)) };
  }
  return outcome;
}

/** Pooled features → class probabilities: the head alone. */
function headPredict(t: TransferModel): (x: tf.Tensor, training: boolean) => tf.Tensor {
  return (x, training) => t.classifier.headOnPooled.apply(x, { training }) as tf.Tensor;
}

/** Phase 1: the backbone is frozen, so only the head trains, on pooled features. */
async function extractFeatures(ctx: StepContext, t: TransferModel, prefixRows: SplitRows | null, featureCache: FeatureCache, prefixSeconds: number): Promise<TransferOutcome> {
  const started = performance.now();
  const features = await featureSets(ctx, t, prefixRows, featureCache);
  const predict = headPredict(t);
  const end = await ctx.runner.train('FEATURE_EXTRACTION', prefixSeconds + (performance.now() - started) / 1000, {
    epochs: ctx.config.epochs,
    learningRate: ctx.config.learningRate,
    variables: headVariables(t.classifier),
    predict,
    train: features.train,
    val: features.val,
  });
  return { end, target: { predict, val: features.val, test: features.test }, featureCache: features.cache };
}

/** Phase 2: unfreeze from the cut on, at the lower learning rate. */
async function fineTune(ctx: StepContext, t: TransferModel, prefixRows: SplitRows | null): Promise<TrainedPhases> {
  const started = performance.now();
  const { config, data, log } = ctx;
  const { name, prefix, suffix } = t.fineTuneCut!;
  unfreezeFrom(t.backbone, name);
  const predict = fineTunePredict(t.classifier, suffix);
  let examples: (split: 'train' | 'val' | 'test', s: LoadedSplit) => ExampleSet;
  if (prefixRows) {
    log(`fine-tuning from ${name}: the frozen layers before it ran once per image (cached).`);
    examples = (split, s) => rowExampleSet({ rows: prefixRows[split], labels: s.labels, shape: prefixRowShape(t) });
  } else {
    log(`fine-tuning from ${name}: the frozen layers before it run every batch${isAugmentationActive(config.augmentation) ? ' (augmentation is on)' : ' (too many images to cache)'}.`);
    const encode = await openPerBatchNetwork(ctx.session, prefix, { preprocessing: t.preprocessing }, log);
    examples = (_split, s) => ctx.images(s, t.preprocessing, encode);
  }
  const built = await buildTrainableChain(suffix);
  if (built.ok) ctx.session.defer(() => built.chain.dispose());
  const engine = built.ok ? chainEngine(built.chain, t.classifier.headOnMap, headVariables(t.classifier)) : undefined;
  log(`unfrozen layers on ${built.ok ? 'onnxruntime' : `tensorflow.js (${built.reason})`}`);
  const val = unlessEmpty(data.val, (s) => examples('val', s));
  const end: PhaseEnd = await ctx.runner.train('FINE_TUNE', (performance.now() - started) / 1000, {
    epochs: config.fineTuneEpochs,
    learningRate: config.fineTuneLearningRate,
    variables: fineTuneVariables(t.classifier, suffix),
    predict,
    engine,
    train: examples('train', data.train),
    val,
  });
  return { end, target: { predict, engine, val, test: unlessEmpty(data.test, (s) => examples('test', s)) } };
}
