import type { EpochPointFragment, Phase } from '@/generated/graphql';

const PHASE_ORDER: Record<Phase, number> = { BASELINE: 0, FEATURE_EXTRACTION: 1, FINE_TUNE: 2 };

const keyOf = (m: Pick<EpochPointFragment, 'phase' | 'epoch'>) => `${m.phase}:${m.epoch}`;

/** History and live rows together: one row per phase and epoch, in training order. */
export function mergeMetrics(current: EpochPointFragment[], incoming: EpochPointFragment[]): EpochPointFragment[] {
  const byKey = new Map(current.map((m) => [keyOf(m), m]));
  for (const m of incoming) byKey.set(keyOf(m), m);
  return [...byKey.values()].sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || a.epoch - b.epoch);
}

/** Epochs numbered through both phases (fine-tuning continues after feature extraction). */
export function epochAxis(metrics: EpochPointFragment[]) {
  const points = metrics.map((m, i) => ({ ...m, x: i + 1 }));
  const firstFineTune = points.find((p) => p.phase === 'FINE_TUNE');
  const boundary = firstFineTune && firstFineTune.x > 1 ? firstFineTune.x - 0.5 : null;
  return { points, boundary };
}

type Metric = 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy';

export function seriesOf(points: ({ x: number } & EpochPointFragment)[], metric: Metric) {
  return points.flatMap((p) => (p[metric] === null || p[metric] === undefined ? [] : [{ x: p.x, y: p[metric] }]));
}
