import { LineChart, type ChartSeries } from '@/components/charts/line-chart';
import type { EpochPointFragment } from '@/generated/graphql';
import { runLabel } from '@/lib/format';
import { epochAxis, seriesOf } from '@/lib/metrics/epoch-series';

export const RUN_COLORS = ['#2f5bea', '#e0662b', '#1b8a4b', '#9b3fd1', '#c0322b', '#0f8a8a', '#a15c00', '#5d6877'];

interface OverlaidCurvesProps {
  runs: { id: string; name: string | null; metrics: EpochPointFragment[] }[];
}

/** Each run's validation curves on shared axes (epochs counted through both phases). */
export function OverlaidCurves({ runs }: OverlaidCurvesProps) {
  const axes = runs.map((run) => ({ run, ...epochAxis(run.metrics) }));
  const xMax = Math.max(1, ...axes.map((a) => a.points.length));
  const series = (metric: 'valAccuracy' | 'valLoss' | 'loss'): ChartSeries[] =>
    axes.map(({ run, points }, i) => ({ name: runLabel(run), color: RUN_COLORS[i % RUN_COLORS.length]!, points: seriesOf(points, metric) }));
  return (
    <div className="grid-2">
      <LineChart title="Validation accuracy" xMax={xMax} yMin={0} yMax={1} yFormat={(y) => `${Math.round(y * 100)}%`} series={series('valAccuracy')} testId="compare-val-accuracy" />
      <LineChart title="Validation loss" xMax={xMax} series={series('valLoss')} testId="compare-val-loss" />
    </div>
  );
}
