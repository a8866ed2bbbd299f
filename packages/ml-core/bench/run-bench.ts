import { emit, round, type BackendLine, type BenchLine, type ThroughputLine } from './bench-lines';
import { BACKEND_KINDS, childArgs, type BenchOptions, type EpochBackend } from './bench-options';
import { machineFacts } from './machine-facts';
import { runChild } from './run-child';
import { summarize } from './summarize';

// Dataset decoding, model building and head training on top of the backbone passes.
const EPOCH_RUN_OVERHEAD_SECONDS = 10;

/**
 * The whole bench: one child process per throughput backend (selectBackend keeps the first
 * backend a process chooses), then one per epoch-bench image size, one after another so they do
 * not compete for the cores. Prints the summary last; returns the exit code.
 */
export async function runBench(options: BenchOptions, script: string): Promise<number> {
  const date = new Date();
  const started = performance.now();
  const elapsedSeconds = () => (performance.now() - started) / 1000;
  const machine = machineFacts();
  const childTimeoutMs = Math.max(600, 3 * options.budgetSeconds) * 1000;
  emit({ type: 'start', mode: options.quick ? 'quick' : 'full', date: date.toISOString(), machine });

  const lines: BenchLine[] = [];
  const failures: string[] = [];
  const run = async (args: string[]) => {
    const result = await runChild(script, args, childTimeoutMs);
    lines.push(...result.lines);
    if (result.failure) failures.push(result.failure);
  };

  for (const backend of options.backends) {
    await run(childArgs(options, 'throughput', backend, options.sizes));
  }
  if (!lines.some((l) => l.type === 'backend' && l.available)) failures.push('no TensorFlow.js backend loaded');
  // One child per backbone, so each measures on a fresh process (its memory, its ONNX sessions).
  for (const backbone of options.backbones) {
    await run(childArgs({ ...options, backbones: [backbone] }, 'backbones', 'auto', options.sizes));
  }

  const epochSizes = [...options.epochSizes.map((size) => ({ size, optional: false })), ...options.optionalEpochSizes.map((size) => ({ size, optional: true }))];
  for (const { size, optional } of epochSizes) {
    if (optional) {
      const estimate = estimateEpochBenchSeconds(lines, options, size);
      const left = options.budgetSeconds - elapsedSeconds();
      if (estimate === null || estimate > left) {
        const why =
          estimate === null
            ? 'no VGG16 throughput was measured on the epoch backend to estimate its time'
            : `estimated ${Math.round(estimate)} s, but ${Math.max(0, Math.round(left))} s of the ${options.budgetSeconds} s budget are left (--budget-seconds, or name it in --epoch-sizes to run it anyway)`;
        const line = { type: 'epochs' as const, backend: options.epochBackend, imageSize: size, skipped: true as const, reason: why };
        emit(line);
        lines.push(line);
        continue;
      }
    }
    await run(childArgs(options, 'epochs', options.epochBackend, [size]));
  }

  const summary = summarize({ options, machine, date, durationSeconds: round(elapsedSeconds(), 1), lines, failures });
  emit(summary);
  return failures.length === 0 ? 0 : 1;
}

/** Backbone passes of the epoch bench (features once, then every epoch with augmentation), from measured VGG16 throughput. */
function estimateEpochBenchSeconds(lines: BenchLine[], options: BenchOptions, size: number): number | null {
  const backend = resolveEpochBackend(lines, options.epochBackend);
  if (!backend) return null;
  const measured = lines.filter(
    (l): l is ThroughputLine & { imagesPerSecond: number } => l.type === 'throughput' && l.backend === backend && l.backbone === 'VGG16' && l.imagesPerSecond !== undefined,
  );
  const nearest = measured.sort((a, b) => Math.abs(a.imageSize - size) - Math.abs(b.imageSize - size))[0];
  if (!nearest) return null;
  const imagesPerSecond = nearest.imagesPerSecond * (nearest.imageSize / size) ** 2;
  const images = options.classes * options.imagesPerClass;
  return (images * (1 + options.epochs)) / imagesPerSecond + EPOCH_RUN_OVERHEAD_SECONDS;
}

/** What 'auto' will pick: the first loadable backend in selectBackend's order. */
function resolveEpochBackend(lines: BenchLine[], preference: EpochBackend): string | null {
  const available = new Set(lines.filter((l): l is BackendLine => l.type === 'backend' && l.available).map((l) => l.backend));
  if (preference !== 'auto') return preference;
  return BACKEND_KINDS.find((kind) => available.has(kind)) ?? null;
}
