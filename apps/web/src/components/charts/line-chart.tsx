export interface ChartSeries {
  name: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

interface LineChartProps {
  title: string;
  series: ChartSeries[];
  /** The x range to draw from the start (the planned epochs), so the axis does not rescale as points arrive. */
  xMax: number;
  yMin?: number;
  yMax?: number;
  yFormat?: (y: number) => string;
  /** Vertical markers, e.g. where fine-tuning starts. */
  markers?: { x: number; label: string }[];
  testId?: string;
}

const W = 560;
const H = 240;
const PAD = { left: 48, right: 14, top: 14, bottom: 30 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

/** Epoch curves as plain SVG: fixed size, labelled axes, and a summary for screen readers. */
export function LineChart({ title, series, xMax, yMin = 0, yMax, yFormat = (y) => y.toFixed(2), markers = [], testId }: LineChartProps) {
  const all = series.flatMap((s) => s.points);
  const top = yMax ?? niceMax(Math.max(...all.map((p) => p.y), 0) * 1.05);
  const right = Math.max(1, xMax, ...all.map((p) => p.x));
  const sx = (x: number) => PAD.left + ((x - 0.5) / right) * (W - PAD.left - PAD.right);
  const sy = (y: number) => PAD.top + (1 - (y - yMin) / (top - yMin || 1)) * (H - PAD.top - PAD.bottom);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((t) => yMin + t * (top - yMin));
  const xStep = Math.max(1, Math.ceil(right / 10));
  const xTicks = Array.from({ length: Math.floor(right / xStep) }, (_, i) => (i + 1) * xStep);
  const pointCount = Math.max(0, ...series.map((s) => s.points.length));
  const summary = series.map((s) => `${s.name}: ${s.points.length ? yFormat(s.points[s.points.length - 1]!.y) : 'no data'}`).join('; ');

  return (
    <figure style={{ margin: 0 }}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${pointCount} epochs. Latest: ${summary}.`} data-testid={testId} data-points={pointCount}>
        {yTicks.map((y) => (
          <g key={y}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(y)} y2={sy(y)} stroke="#e8ecf2" />
            <text x={PAD.left - 6} y={sy(y)} textAnchor="end" dominantBaseline="middle">
              {yFormat(y)}
            </text>
          </g>
        ))}
        {xTicks.map((x) => (
          <text key={x} x={sx(x)} y={H - 10} textAnchor="middle">
            {x}
          </text>
        ))}
        <text x={W - PAD.right} y={H - 10} textAnchor="end" style={{ fontSize: 10 }}>
          epoch
        </text>
        {markers.map((m) => (
          <g key={m.label}>
            <line x1={sx(m.x)} x2={sx(m.x)} y1={PAD.top} y2={H - PAD.bottom} stroke="#a15c00" strokeDasharray="4 3" />
            <text x={sx(m.x) + 4} y={PAD.top + 10} style={{ fill: '#a15c00' }}>
              {m.label}
            </text>
          </g>
        ))}
        {series.map((s) => (
          <g key={s.name} data-series={s.name}>
            <polyline fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} points={s.points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')} />
            {s.points.map((p) => (
              <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={3} fill={s.color}>
                <title>{`${s.name}, epoch ${p.x}: ${yFormat(p.y)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        <strong style={{ color: 'var(--text)' }}>{title}</strong>
        {series.map((s) => (
          <span key={s.name}>
            <i className={s.dashed ? 'dashed' : undefined} style={s.dashed ? { color: s.color } : { background: s.color }} /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
