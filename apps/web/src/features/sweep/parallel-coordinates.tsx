import type { SweepRankingFieldsFragment } from '@/generated/graphql';
import { formatPercent } from '@/lib/format';
import { SWEEP_LABEL } from '@/lib/run-config/to-start-sweep-input';
import { axisPositions, formatSweepValue, parallelLines, sweptParameters } from './sweep-figures';

const W = 560;
const H = 260;
const PAD = { left: 56, right: 56, top: 30, bottom: 20 };

/**
 * Hyperparameters against the metric: an axis per swept hyperparameter and one for validation
 * accuracy, one line per run that has one, darker for better runs. Plain SVG, as the other charts.
 */
export function ParallelCoordinates({ sweep }: { sweep: SweepRankingFieldsFragment }) {
  const swept = sweptParameters(sweep.grid);
  const lines = parallelLines(sweep.grid, sweep.entries);
  const axisCount = swept.length + 1;
  const ax = (i: number) => PAD.left + (i / Math.max(1, axisCount - 1)) * (W - PAD.left - PAD.right);
  const ay = (position: number) => PAD.top + (1 - position) * (H - PAD.top - PAD.bottom);
  const best = lines[lines.length - 1];
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        data-testid="sweep-parallel-coordinates"
        data-lines={lines.length}
        aria-label={`Parallel coordinates of ${swept.map((p) => SWEEP_LABEL[p]).join(', ')} against validation accuracy: ${lines.length} runs${best ? `, best ${formatPercent(best.valAccuracy)}` : ''}.`}
      >
        {swept.map((p, i) => (
          <g key={p}>
            <line x1={ax(i)} x2={ax(i)} y1={ay(0)} y2={ay(1)} stroke="#c9d1dc" />
            <text x={ax(i)} y={PAD.top - 14} textAnchor="middle" style={{ fontWeight: 600 }}>
              {SWEEP_LABEL[p]}
            </text>
            {[...axisPositions(sweep.grid[p])].map(([value, at]) => (
              <text key={String(value)} x={ax(i) - 6} y={ay(at)} textAnchor="end" dominantBaseline="middle">
                {formatSweepValue(value)}
              </text>
            ))}
          </g>
        ))}
        <g>
          <line x1={ax(swept.length)} x2={ax(swept.length)} y1={ay(0)} y2={ay(1)} stroke="#c9d1dc" />
          <text x={ax(swept.length)} y={PAD.top - 14} textAnchor="middle" style={{ fontWeight: 600 }}>
            Val accuracy
          </text>
          {[0, 0.5, 1].map((t) => (
            <text key={t} x={ax(swept.length) + 6} y={ay(t)} dominantBaseline="middle">
              {formatPercent(t, 0)}
            </text>
          ))}
        </g>
        {lines.map((line) => (
          <polyline key={line.runId} fill="none" stroke={line.color} strokeWidth={2.5} points={line.positions.map((p, i) => `${ax(i)},${ay(p)}`).join(' ')}>
            <title>{`${line.name ?? line.runId}: ${formatPercent(line.valAccuracy)}`}</title>
          </polyline>
        ))}
      </svg>
      <figcaption className="legend">
        <strong style={{ color: 'var(--text)' }}>Hyperparameters against validation accuracy</strong>
        <span>darker lines are better runs; runs appear as they finish</span>
      </figcaption>
    </figure>
  );
}
