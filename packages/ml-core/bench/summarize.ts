import type { BackboneLine, BackendLine, BenchLine, EpochsLine, ThroughputLine } from './bench-lines';
import type { BenchOptions } from './bench-options';
import { loadAverage, type MachineFacts } from './machine-facts';

/** Images/second by backend, model and size; 'skipped' where the measurement was skipped. */
export type ThroughputTable = Record<string, Record<string, Record<string, number | 'skipped'>>>;

export function summarize(args: {
  options: BenchOptions;
  machine: MachineFacts;
  date: Date;
  durationSeconds: number;
  lines: BenchLine[];
  failures: string[];
}) {
  const { options, machine, date, durationSeconds, lines, failures } = args;
  const backends = lines.filter((l): l is BackendLine => l.type === 'backend').map(withoutType);
  const rows = lines.filter((l): l is ThroughputLine => l.type === 'throughput');
  const table: ThroughputTable = {};
  for (const row of rows) {
    const byModel = (table[row.backend] ??= {});
    const bySize = (byModel[row.model] ??= {});
    bySize[String(row.imageSize)] = row.skipped ? 'skipped' : (row.imagesPerSecond ?? 'skipped');
  }
  return {
    type: 'summary',
    ok: failures.length === 0,
    mode: options.quick ? 'quick' : 'full',
    date: date.toISOString(),
    durationSeconds,
    machine,
    loadAverageAtEnd: loadAverage(),
    backends,
    throughput: {
      unit: 'images/second, forward pass only, random weights',
      batchSize: options.batchSize,
      imagesPerSecond: table,
      measurements: rows.map(withoutType),
    },
    backbones: {
      unit: 'images/second: frozen forward passes, and fine-tuning steps from each backbone\'s default layer (prefix run every step, or cached), random weights',
      measurements: lines.filter((l): l is BackboneLine => l.type === 'backbone').map(withoutType),
    },
    epochs: lines.filter((l): l is EpochsLine => l.type === 'epochs').map(withoutType),
    settings: {
      sizes: options.sizes,
      minSeconds: options.minSeconds,
      maxBatchSeconds: options.maxBatchSeconds,
      epochSizes: options.epochSizes,
      optionalEpochSizes: options.optionalEpochSizes,
      epochBackend: options.epochBackend,
      epochs: options.epochs,
      classes: options.classes,
      imagesPerClass: options.imagesPerClass,
      budgetSeconds: options.budgetSeconds,
    },
    failures,
  };
}

function withoutType<T extends { type: string }>(line: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = line;
  return rest;
}
