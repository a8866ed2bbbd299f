import { parseArgs } from 'node:util';
import { BACKBONE_NAMES, type BackboneName } from '../src/index';

export const BACKEND_KINDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];
export type EpochBackend = BackendKind | 'auto';

export interface BackboneVariant {
  /** `VGG16`, `MOBILENET_V2@1`, `MOBILENET_V2@0.35`: how rows are labelled. */
  key: string;
  backbone: BackboneName;
  alpha: number | null;
}

export interface BenchOptions {
  quick: boolean;
  task: 'all' | 'throughput' | 'backbones' | 'epochs';
  /** Backends measured for throughput, one child process each (selectBackend keeps its first choice). */
  backends: BackendKind[];
  /** The child's backend (--task throughput/epochs only). */
  backend: EpochBackend;
  models: BackboneVariant[];
  sizes: number[];
  batchSize: number;
  /** Batches are timed until at least this long has passed (after one warm-up batch). */
  minSeconds: number;
  /** A (backend, model, size) whose estimated batch time exceeds this is reported as skipped. */
  maxBatchSeconds: number;
  /** Backbones measured forward and fine-tuning as training runs them (one child each). */
  backbones: BackboneName[];
  backboneSize: number;
  backboneReps: number;
  epochSizes: number[];
  /** Epoch sizes run only if the bench is still within budget (the default 128 of the full bench). */
  optionalEpochSizes: number[];
  epochBackend: EpochBackend;
  epochs: number;
  classes: number;
  imagesPerClass: number;
  budgetSeconds: number;
}

const USAGE = `Usage: tsx bench/ml-bench.ts [--quick] [options]

Prints one JSON object per line as results arrive and a summary object on the last line.

  --quick                    ~1 minute instead of ~5 (sizes 64,128; smaller epoch dataset; epoch size 64 only)
  --backends LIST            throughput backends (default tensorflow-gpu,tensorflow,wasm,cpu; missing ones are reported unavailable)
  --models LIST              vgg16, mobilenet_v2@1, mobilenet_v2@0.35 (default: all three)
  --sizes LIST               throughput input sizes (default 64,128,224; quick 64,128)
  --batch N                  batch size for throughput (default 8)
  --min-seconds S            time batches until this long has passed (default 2; quick 1)
  --max-batch-seconds S      skip a measurement whose estimated batch time is longer (default 30; quick 4)
  --backbones LIST           forward and fine-tune images/second as training runs them (ONNX Runtime where it can):
                             vgg16, mobilenet_v2, resnet50, efficientnet_b0 (default: all four)
  --backbone-size PX         input size for --backbones (default 224; quick 96)
  --backbone-reps N          timed batches per backbone measurement (default 3; quick 1)
  --epoch-sizes LIST         image sizes for the epoch bench (default 64, plus 128 if within budget; quick 64)
  --epoch-backend NAME       backend for the epoch bench (default auto: the fastest that loads)
  --epochs N                 epochs per training run (default 3)
  --images-per-class N       generated images per class, 3 classes (default 40; quick 20)
  --budget-seconds S         the optional epoch sizes run only if the estimate fits (default 300; quick 60)
  --help`;

const MODELS: Record<string, BackboneVariant> = {
  vgg16: { key: 'VGG16', backbone: 'VGG16', alpha: null },
  'mobilenet_v2@1': { key: 'MOBILENET_V2@1', backbone: 'MOBILENET_V2', alpha: 1 },
  'mobilenet_v2@0.35': { key: 'MOBILENET_V2@0.35', backbone: 'MOBILENET_V2', alpha: 0.35 },
};

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'UsageError';
  }
}

/** Returns null when --help was asked for (the usage has been printed). */
export function parseBenchOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      task: { type: 'string', default: 'all' },
      backend: { type: 'string', default: 'auto' },
      backends: { type: 'string' },
      models: { type: 'string' },
      sizes: { type: 'string' },
      batch: { type: 'string' },
      'min-seconds': { type: 'string' },
      'max-batch-seconds': { type: 'string' },
      'epoch-sizes': { type: 'string' },
      'optional-epoch-sizes': { type: 'string' },
      'epoch-backend': { type: 'string' },
      epochs: { type: 'string' },
      'images-per-class': { type: 'string' },
      'budget-seconds': { type: 'string' },
      backbones: { type: 'string' },
      'backbone-size': { type: 'string' },
      'backbone-reps': { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return null;
  }
  const quick = values.quick;
  const task = oneOf('--task', values.task, ['all', 'throughput', 'backbones', 'epochs'] as const);
  const explicitEpochSizes = values['epoch-sizes'] !== undefined;
  return {
    quick,
    task,
    backends: list(values.backends ?? BACKEND_KINDS.join(','), (s) => oneOf('--backends', s, BACKEND_KINDS)),
    backend: oneOf('--backend', values.backend, ['auto', ...BACKEND_KINDS] as const),
    models: list(values.models ?? Object.keys(MODELS).join(','), (s) => {
      const model = MODELS[s.toLowerCase()];
      if (!model) throw new UsageError(`--models: unknown model '${s}'; choose from ${Object.keys(MODELS).join(', ')}`);
      return model;
    }),
    sizes: sizeList('--sizes', values.sizes ?? (quick ? '64,128' : '64,128,224')),
    batchSize: number('--batch', values.batch ?? '8', { integer: true, min: 1 }),
    minSeconds: number('--min-seconds', values['min-seconds'] ?? (quick ? '1' : '2'), { min: 0 }),
    maxBatchSeconds: number('--max-batch-seconds', values['max-batch-seconds'] ?? (quick ? '4' : '30'), { min: 0 }),
    backbones: list(values.backbones ?? BACKBONE_NAMES.join(','), (s) => oneOf('--backbones', s.toUpperCase(), BACKBONE_NAMES)),
    backboneSize: number('--backbone-size', values['backbone-size'] ?? (quick ? '96' : '224'), { integer: true, min: 32 }),
    backboneReps: number('--backbone-reps', values['backbone-reps'] ?? (quick ? '1' : '3'), { integer: true, min: 1 }),
    epochSizes: sizeList('--epoch-sizes', values['epoch-sizes'] ?? '64'),
    optionalEpochSizes: explicitEpochSizes || quick ? [] : sizeList('--optional-epoch-sizes', values['optional-epoch-sizes'] ?? '128'),
    epochBackend: oneOf('--epoch-backend', values['epoch-backend'] ?? 'auto', ['auto', ...BACKEND_KINDS] as const),
    epochs: number('--epochs', values.epochs ?? '3', { integer: true, min: 1 }),
    classes: 3,
    imagesPerClass: number('--images-per-class', values['images-per-class'] ?? (quick ? '20' : '40'), { integer: true, min: 5 }),
    budgetSeconds: number('--budget-seconds', values['budget-seconds'] ?? (quick ? '60' : '300'), { min: 1 }),
  };
}

/** The flags a child process needs to repeat this run's settings for one task. */
export function childArgs(options: BenchOptions, task: 'throughput' | 'backbones' | 'epochs', backend: EpochBackend, sizes: number[]): string[] {
  return [
    '--backbones', options.backbones.join(','),
    '--backbone-size', String(options.backboneSize),
    '--backbone-reps', String(options.backboneReps),
    '--task', task,
    '--backend', backend,
    '--models', options.models.map((m) => m.key.toLowerCase()).join(','),
    '--sizes', sizes.join(','),
    '--batch', String(options.batchSize),
    '--min-seconds', String(options.minSeconds),
    '--max-batch-seconds', String(options.maxBatchSeconds),
    '--epochs', String(options.epochs),
    '--images-per-class', String(options.imagesPerClass),
  ];
}

function list<T>(raw: string, parse: (item: string) => T): T[] {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`expected a comma-separated list, got '${raw}'`);
  return items.map(parse);
}

function sizeList(flag: string, raw: string): number[] {
  const sizes = list(raw, (s) => number(flag, s, { integer: true, min: 32 }));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

function number(flag: string, raw: string, { integer = false, min }: { integer?: boolean; min: number }): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got '${raw}'`);
  }
  return value;
}

function oneOf<const T extends readonly string[]>(flag: string, raw: string | undefined, choices: T): T[number] {
  if (raw !== undefined && (choices as readonly string[]).includes(raw)) return raw as T[number];
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got '${raw}'`);
}
