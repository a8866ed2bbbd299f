import type { SweepRankingFieldsFragment } from '@/generated/graphql';
import { formatPercent } from '@/lib/format';
import { SWEEP_LABEL } from '@/lib/run-config/to-start-sweep-input';
import { axisPositions, formatSweepValue, parallelLines, sweptParameters } from './sweep-figures';

// Drawn across a whole card (the line charts share one two by two), so wider than theirs for the same text size.
const W = 960;
const H = 300;
const PAD = { left: 64, right: 56, top: 34, bottom: 16 };
// A white outline keeps a value readable where lines cross its axis.
const HALO = { paintOrder: 'stroke', stroke: '#fff', strokeWidth: 4 } as const;

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
        {/* Axes first, then the runs' lines, then the values on top of both. */}
        {[...swept.map((p) => SWEEP_LABEL[p]), 'Val accuracy'].map((title, i) => (
          <g key={title}>
            <line x1={ax(i)} x2={ax(i)} y1={ay(0)} y2={ay(1)} stroke="#c9d1dc" />
            <text x={ax(i)} y={PAD.top - 16} textAnchor="middle" style={{ fontWeight: 600 }}>
              {title}
            </text>
          </g>
        ))}
        {lines.map((line) => (
          <polyline key={line.runId} fill="none" stroke={line.color} strokeWidth={2.5} points={line.positions.map((p, i) => `${ax(i)},${ay(p)}`).join(' ')}>
            <title>{`${line.name ?? line.runId}: ${formatPercent(line.valAccuracy)}`}</title>
          </polyline>
        ))}
        {swept.map((p, i) =>
          [...axisPositions(sweep.grid[p])].map(([value, at]) => (
            <text key={`${p}-${value}`} x={ax(i) - 6} y={ay(at)} textAnchor="end" dominantBaseline="middle" style={HALO}>
              {formatSweepValue(value)}
            </text>
          )),
        )}
        {[0, 0.5, 1].map((t) => (
          <text key={t} x={ax(swept.length) + 6} y={ay(t)} dominantBaseline="middle" style={HALO}>
            {formatPercent(t, 0)}
          </text>
        ))}
      </svg>
      <figcaption className="legend">
        <strong style={{ color: 'var(--text)' }}>Hyperparameters against validation accuracy</strong>
        <span>darker lines are better runs; runs appear as they finish</span>
      </figcaption>
    </figure>
  );
}
