import * as tf from '@tensorflow/tfjs';
import { BACKBONES, findLayerIndex, unfreezeFrom } from './backbones';
import { splitModelAt } from './model/split-model';
import { buildTransferClassifier, fineTunePredict, fineTuneVariables, headVariables } from './model/transfer-classifier';
import { packImages } from './data/load-images';
import { createFrozenNetwork, type FrozenNetwork } from './onnx/frozen-network';
import { buildTrainableChain, type TrainableChainResult } from './onnx/trainable-chain';
import { describeChain } from './onnx/chain/describe';
import { chainFlops, openConvolutionRate, type ConvolutionRate, type ConvolutionRateProbe } from './onnx/convolution-rate';
import { chainEngine } from './training/chain-engine';
import { tfjsEngine, type PhaseEngine } from './training/run-phase';
import { StepProfile, timed, timedAsync, type StepPart } from './training/step-profile';
import type { BackboneName } from './types';

export interface ThroughputOptions {
  backbone: BackboneName;
  alpha?: number;
  imageSize: number;
  batchSize: number;
  /** First unfrozen layer or block for the fine-tuning step (default: the backbone's last block). */
  unfreezeFrom?: string;
  /** Timed repetitions after one warm-up. */
  reps: number;
}

export interface Throughput {
  frozenEngine: string;
  trainingEngine: string;
  /** The whole backbone, frozen, from pixels. */
  forwardImagesPerSecond: number;
  /** One fine-tuning step from pixels: frozen prefix, then forward, gradients and Adam for the rest. */
  fineTuneStepImagesPerSecond: number;
  /** The step as training runs it without augmentation: on the cached output of the frozen prefix. */
  fineTuneStepOnCachedPrefixImagesPerSecond: number;
  /** Where the step from pixels spends its time (ONNX Runtime training only; null on TensorFlow.js). */
  fineTuneStep: FineTuneStepBreakdown | null;
  /** The unfrozen convolutions' GFLOP per image (forward; a training step), when they train on ONNX Runtime. */
  chainGflopPerImage: { forward: number; training: number } | null;
  /** ONNX Runtime's rate on those convolutions alone, at `batchSize`: the ceiling a fine-tuning step is held to. */
  convolutionRate: ConvolutionRate | null;
  /** The step on cached prefix rows as a fraction of that rate (its convolution FLOPs per second over `convolutionRate.gflops`). */
  fineTuneStepFractionOfConvolutionRate: number | null;
}

export interface FineTuneStepBreakdown {
  /** The whole step, measured around it. */
  ms: number;
  /** Each part's mean per step and share of the parts' sum; `unaccounted` is the step minus that sum. */
  parts: Record<StepPart, { ms: number; fraction: number }>;
  unaccountedMs: number;
  /** Validation as an epoch runs it (inference, the forward graph, batches of `batchSize`), per image. */
  validationMsPerImage: number;
}

/**
 * How fast this machine runs the recipe's two hot loops, on random weights and pixels (what
 * `pytorch_reference.py --throughput` measures for its side).
 */
export async function measureThroughput(options: ThroughputOptions): Promise<Throughput> {
  const { batchSize, reps, imageSize } = options;
  const spec = BACKBONES[options.backbone];
  const backbone = spec.build({ imageSize, alpha: options.backbone === 'MOBILENET_V2' ? options.alpha : undefined, seed: 1 });
  const classifier = buildTransferClassifier({ backbone, numClasses: 5, dropout: 0.2, seed: 1 });
  const cut = backbone.layers[findLayerIndex(backbone, options.unfreezeFrom ?? spec.defaultUnfreezeFrom)]!.name;
  const { prefix, suffix } = splitModelAt(backbone, cut);
  backbone.layers.forEach((l) => (l.trainable = false));
  unfreezeFrom(backbone, cut);
  const pixels = packImages(Array.from({ length: batchSize }, (_, i) => Uint8Array.from({ length: imageSize * imageSize * 3 }, (_, j) => (j * 31 + i * 17) % 256)));
  const labels = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => i % 5), 'int32');
  const optimizer = tf.train.adam(1e-4);
  let whole: FrozenNetwork | undefined;
  let front: FrozenNetwork | undefined;
  let built: TrainableChainResult | undefined;
  let rate: ConvolutionRateProbe | null = null;
  try {
    whole = await createFrozenNetwork(backbone, { preprocessing: spec.preprocessing });
    front = await createFrozenNetwork(prefix, { preprocessing: spec.preprocessing });
    const forwardSeconds = await timeReps(reps, () => whole!.run(pixels, batchSize));

    built = await buildTrainableChain(suffix);
    const profile = new StepProfile();
    const engine = built.ok ? chainEngine(built.chain, classifier.headOnMap, headVariables(classifier), profile) : tfjsEngine(fineTunePredict(classifier, suffix), fineTuneVariables(classifier, suffix));
    const prefixShape = prefix.outputs[0]!.shape.slice(1) as number[];
    const stepOn = async (rows: Float32Array) => {
      const x = timed(profile, 'dataPreparation', () => tf.tensor(rows, [batchSize, ...prefixShape]));
      try {
        await engine.step(x, labels, undefined, optimizer);
      } finally {
        x.dispose();
      }
    };
    const cachedPrefix = await front.run(pixels, batchSize);
    // The convolution rate is measured between these steps, so both see the same machine.
    rate = built.ok ? await openConvolutionRate(suffix, batchSize) : null;
    const onCachedSeconds = await timeReps(reps, () => stepOn(cachedPrefix), { between: rate ? () => rate!.run() : undefined, afterWarmUp: () => rate?.reset() });
    const convolutionRate = rate?.result() ?? null;
    await rate?.release();
    rate = null;
    const fullStepSeconds = await timeReps(reps, async () => stepOn(await timedAsync(profile, 'frozenPrefix', () => front!.run(pixels, batchSize))), { afterWarmUp: () => profile.reset() });
    const breakdown = built.ok ? stepBreakdown(profile, (fullStepSeconds * 1000) / reps, reps) : null;
    if (breakdown) breakdown.validationMsPerImage = ((await timeReps(reps, () => predictOn(engine, cachedPrefix, [batchSize, ...prefixShape]))) * 1000) / (reps * batchSize);
    const perSecond = (seconds: number) => (reps * batchSize) / seconds;
    const flops = built.ok ? chainFlops(describeChain(suffix)) : null;
    return {
      frozenEngine: whole.engine,
      trainingEngine: built.ok ? 'onnxruntime' : `tensorflow.js ${tf.getBackend()} (${built.reason})`,
      forwardImagesPerSecond: perSecond(forwardSeconds),
      fineTuneStepImagesPerSecond: perSecond(fullStepSeconds),
      fineTuneStepOnCachedPrefixImagesPerSecond: perSecond(onCachedSeconds),
      fineTuneStep: breakdown,
      chainGflopPerImage: flops && { forward: flops.forward / 1e9, training: flops.training / 1e9 },
      convolutionRate,
      fineTuneStepFractionOfConvolutionRate: flops && convolutionRate && (perSecond(onCachedSeconds) * flops.training) / 1e9 / convolutionRate.gflops,
    };
  } finally {
    await whole?.dispose();
    await front?.dispose();
    if (built?.ok) await built.chain.dispose();
    await rate?.release();
    optimizer.dispose();
    labels.dispose();
    new Set(classifier.full.weights).forEach((w) => w.dispose());
  }
}

function stepBreakdown(profile: StepProfile, stepMs: number, steps: number): FineTuneStepBreakdown {
  const parts = profile.breakdown(steps);
  const accounted = Object.values(parts).reduce((sum, p) => sum + p.ms, 0);
  return { ms: stepMs, parts, unaccountedMs: stepMs - accounted, validationMsPerImage: 0 };
}

async function predictOn(engine: PhaseEngine, rows: Float32Array, shape: number[]): Promise<void> {
  const x = tf.tensor(rows, shape);
  try {
    (await engine.predict(x)).dispose();
  } finally {
    x.dispose();
  }
}

/**
 * Seconds for `reps` runs after one untimed warm-up (first runs allocate and tune); `afterWarmUp`
 * resets what the warm-up counted, and `between` (not timed) runs after each run, warm-up included.
 */
async function timeReps(reps: number, run: () => Promise<unknown>, { afterWarmUp, between }: { afterWarmUp?: () => void; between?: () => Promise<void> } = {}): Promise<number> {
  await run();
  await between?.();
  afterWarmUp?.();
  let seconds = 0;
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    await run();
    seconds += (performance.now() - started) / 1000;
    await between?.();
  }
  return seconds;
}
