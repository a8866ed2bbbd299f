// The JSON lines the bench prints. Child processes print them on stdout; the parent re-prints
// them as they arrive and builds the summary from them.

export interface BackendLine {
  type: 'backend';
  backend: string;
  available: boolean;
  /** describeBackend(), when it loaded. */
  description?: string;
  /** Why it did not load. */
  reason?: string;
  tfjs?: string;
}

export interface ThroughputLine {
  type: 'throughput';
  backend: string;
  model: string;
  backbone: string;
  alpha: number | null;
  imageSize: number;
  batchSize: number;
  skipped?: true;
  reason?: string;
  /** The batch-8 time this measurement was predicted to take before it ran (or was skipped). */
  estimatedBatchSeconds?: number;
  warmupSeconds?: number;
  batches?: number;
  seconds?: number;
  imagesPerSecond?: number;
}

export interface EpochSummary {
  epoch: number;
  durationMs: number;
  imagesPerSecond: number;
}

export interface TrainingRun {
  totalMs: number;
  featureCache: { used: boolean; hits: number; misses: number };
  /** Time spent computing (or looking up) pooled backbone features before the first epoch. */
  featureMs: number | null;
  featureImagesPerSecond: number | null;
  epochs: EpochSummary[];
  meanEpochMs: number;
  leakedTensors: number;
}

export interface EpochsLine {
  type: 'epochs';
  backend: string;
  description?: string;
  imageSize: number;
  skipped?: true;
  reason?: string;
  backbone?: 'VGG16';
  weights?: string;
  dataset?: { classes: number; imagesPerClass: number; train: number; val: number };
  batchSize?: number;
  epochs?: number;
  cached?: {
    /** A new FeatureCache on an empty folder: every image's features computed. */
    firstRun: TrainingRun;
    /** The same FeatureCache instance again: hits from memory. */
    secondRun: TrainingRun;
    /** A new FeatureCache on the same folder, as a new process would: hits read from disk. */
    freshInstanceRun: TrainingRun;
  };
  augmented?: TrainingRun & { augmentation: Record<string, unknown> };
  ratio?: {
    /** Mean augmented (backbone every epoch) epoch time over mean cached epoch time. */
    uncachedOverCachedEpoch: number | null;
    /** Whole augmented run over the whole first cached run (which computes the features once). */
    uncachedOverCachedRunTotal: number;
  };
}

/** One backbone through `measureThroughput`: frozen forward passes and fine-tuning steps, on the engines training picks. */
export interface BackboneLine {
  type: 'backbone';
  backbone: string;
  backend: string;
  imageSize: number;
  batchSize: number;
  reps: number;
  frozenEngine: string;
  trainingEngine: string;
  forwardImagesPerSecond: number;
  fineTuneStepImagesPerSecond: number;
  fineTuneStepOnCachedPrefixImagesPerSecond: number;
}

export interface ErrorLine {
  type: 'error';
  task: string;
  backend: string;
  message: string;
}

export type BenchLine = BackendLine | ThroughputLine | BackboneLine | EpochsLine | ErrorLine;

const TYPES = new Set<BenchLine['type']>(['backend', 'throughput', 'backbone', 'epochs', 'error']);

export function emit(line: BenchLine | Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** A bench line, or null for anything else a child printed (library notices, stray logs). */
export function parseBenchLine(text: string): BenchLine | null {
  if (!text.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && TYPES.has((value as { type?: unknown }).type as BenchLine['type'])) {
      return value as BenchLine;
    }
  } catch {
    // not JSON: falls through
  }
  return null;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
