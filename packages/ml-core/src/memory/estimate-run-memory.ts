import { BACKBONE_FACTS } from '../backbones/backbone-facts';
import type { TrainConfig } from '../config';
import { backboneFootprints, baselineFootprints, headFootprints, type LayerFootprint } from './layer-footprints';

const FLOAT_BYTES = 4;
const MB = 1024 * 1024;
/**
 * A trainer before any run: Node with TensorFlow.js (WASM), ONNX Runtime and sharp loaded through
 * tsx, as `transferlab worker` runs, measured at 844 MB resident on the 2-core CPU host.
 */
export const TRAINER_RUNTIME_MB = 900;
/**
 * Floats a step holds per trained weight: Adam's two moments and the gradient, plus the copies the
 * gradient tape and the convolution gradients make of each kernel (reversed, transposed, stacked).
 * Fitted to TensorFlow.js's measured peaks (estimate-run-memory.test.ts): VGG16's block5 at 64 px
 * held 17 per weight.
 */
const FLOATS_PER_TRAINED_WEIGHT = 18;
/**
 * Floats a step holds per trained layer output: the layer's pre-activation and activation kept for the
 * backward pass, their gradients, and the convolution gradients' working copies (measured: about 6).
 */
const FLOATS_PER_TRAINED_OUTPUT = 6;

export { MAX_TRAINER_MEMORY_MB } from './trainer-memory-limit';

export type MemoryConfig = Pick<TrainConfig, 'strategy' | 'backbone' | 'alpha' | 'imageSize' | 'batchSize' | 'unfreezeFrom'>;

export interface MemoryPhase {
  phase: 'BASELINE' | 'FEATURE_EXTRACTION' | 'FINE_TUNE';
  /** Layer outputs a batch keeps, frozen and trained. */
  activationBytes: number;
  /** Adam's moments, the gradient and the working copies of every weight the phase trains. */
  optimizerBytes: number;
  /** What the phase keeps per image across epochs: pooled features, or the frozen prefix's feature maps. */
  cacheBytes: number;
}

export interface RunMemoryEstimate {
  /** The whole trainer's peak for this run, runtime included, in MB (rounded up). */
  peakMb: number;
  runtimeBytes: number;
  /** Every image, decoded and resized, held for the whole run. */
  imageBytes: number;
  /** The network's weights, frozen and trained. */
  weightBytes: number;
  phases: MemoryPhase[];
}

const sum = (layers: LayerFootprint[], pick: (l: LayerFootprint) => number) => layers.reduce((total, l) => total + pick(l), 0);
/**
 * Running frozen layers on a batch frees each output once used, so about the largest input + output
 * pair is live at once, times the working buffers batch norm and the conv kernels add (fitted with
 * `bench:memory`: VGG16 held one pair, MobileNetV2 up to about two and a half).
 */
const INFERENCE_PAIRS = 2.75;
const inferencePeak = (layers: LayerFootprint[]) =>
  INFERENCE_PAIRS * layers.reduce((peak, l, i) => Math.max(peak, l.outputPerImage + (layers[i - 1]?.outputPerImage ?? 0)), 0);
const trainingFloats = (layers: LayerFootprint[]) => FLOATS_PER_TRAINED_OUTPUT * sum(layers, (l) => l.outputPerImage);

/** The first trained layer in FINE_TUNE: unfreeze-from.ts's rule, a layer name or a block prefix. */
function fineTuneStart(layers: LayerFootprint[], unfreezeFrom: string): number {
  const exact = layers.findIndex((l) => l.name === unfreezeFrom);
  if (exact !== -1) return exact;
  const byBlock = layers.findIndex((l) => l.name.startsWith(`${unfreezeFrom}_`));
  // An unknown name fails the run later; estimate the worst case, the whole backbone trained.
  return byBlock !== -1 ? byBlock : 1;
}

/**
 * A run's peak memory on a trainer: the runtime, every decoded image, the weights, and the most
 * demanding phase's activations (batch x image size x the layers' outputs), optimizer state and
 * caches. Errs high rather than low: a run it lets through must fit, so a trainer never claims a
 * run it cannot hold. memory.test.ts compares it with TensorFlow.js's own measurements.
 */
export function estimateRunMemory(config: MemoryConfig, data: { numClasses: number; imageCount: number }): RunMemoryEstimate {
  const { imageSize, batchSize } = config;
  const images = data.imageCount * imageSize * imageSize * 3;
  const phases: MemoryPhase[] = [];
  let weights: number;
  if (config.strategy === 'BASELINE') {
    const layers = baselineFootprints(imageSize, data.numClasses);
    weights = sum(layers, (l) => l.params);
    phases.push({ phase: 'BASELINE', activationBytes: batchSize * trainingFloats(layers) * FLOAT_BYTES, optimizerBytes: FLOATS_PER_TRAINED_WEIGHT * weights * FLOAT_BYTES, cacheBytes: 0 });
  } else {
    const backbone = backboneFootprints(config.backbone, imageSize, config.alpha);
    const featureSize = backbone.at(-1)!.channels;
    const head = headFootprints(featureSize, data.numClasses);
    const headParams = sum(head, (l) => l.params);
    weights = sum(backbone, (l) => l.params) + headParams;
    phases.push({
      phase: 'FEATURE_EXTRACTION',
      activationBytes: batchSize * (inferencePeak(backbone) + trainingFloats(head)) * FLOAT_BYTES,
      optimizerBytes: FLOATS_PER_TRAINED_WEIGHT * headParams * FLOAT_BYTES,
      cacheBytes: data.imageCount * featureSize * FLOAT_BYTES,
    });
    if (config.strategy === 'FINE_TUNE') {
      const start = fineTuneStart(backbone, config.unfreezeFrom ?? BACKBONE_FACTS[config.backbone].defaultUnfreezeFrom);
      const prefix = backbone.slice(0, start);
      const trained = [...backbone.slice(start), ...head];
      phases.push({
        phase: 'FINE_TUNE',
        activationBytes: batchSize * (inferencePeak(prefix) + trainingFloats(trained)) * FLOAT_BYTES,
        optimizerBytes: FLOATS_PER_TRAINED_WEIGHT * sum(trained, (l) => l.params) * FLOAT_BYTES,
        cacheBytes: data.imageCount * prefix.at(-1)!.outputPerImage * FLOAT_BYTES,
      });
    }
  }
  const runtimeBytes = TRAINER_RUNTIME_MB * MB;
  const weightBytes = weights * FLOAT_BYTES;
  const worstPhase = Math.max(...phases.map((p) => p.activationBytes + p.optimizerBytes + p.cacheBytes));
  return { peakMb: Math.ceil((runtimeBytes + images + weightBytes + worstPhase) / MB), runtimeBytes, imageBytes: images, weightBytes, phases };
}
