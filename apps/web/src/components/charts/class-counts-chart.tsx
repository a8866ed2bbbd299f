interface ClassCount {
  name: string;
  trainCount: number;
  valCount: number;
}

const ROW = 34;
const LABEL_WIDTH = 120;
const WIDTH = 520;
const VALUE_WIDTH = 70;
const COLORS = { train: '#2f5bea', val: '#f29f3d' };

/** Images per class, train and val stacked, as a horizontal bar chart with the numbers as a table for screen readers. */
export function ClassCountsChart({ classes }: { classes: ClassCount[] }) {
  const max = Math.max(1, ...classes.map((c) => c.trainCount + c.valCount));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = classes.length * ROW + 10;
  return (
    <figure style={{ margin: 0 }}>
      <svg className="chart counts" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="class-counts-title" data-testid="class-counts-chart">
        <title id="class-counts-title">Images per class and split</title>
        {classes.map((c, i) => {
          const y = i * ROW + 5;
          const train = (c.trainCount / max) * plot;
          const val = (c.valCount / max) * plot;
          return (
            <g key={c.name}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle">
                {c.name.length > 20 ? `${c.name.slice(0, 19)}…` : c.name}
              </text>
              <rect x={LABEL_WIDTH} y={y + 4} width={train} height={ROW - 10} fill={COLORS.train} rx={3} />
              <rect x={LABEL_WIDTH + train} y={y + 4} width={val} height={ROW - 10} fill={COLORS.val} rx={3} />
              <text x={LABEL_WIDTH + train + val + 6} y={y + ROW / 2} dominantBaseline="middle">
                {c.trainCount} / {c.valCount}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span>
          <i style={{ background: COLORS.train }} /> train
        </span>
        <span>
          <i style={{ background: COLORS.val }} /> val
        </span>
      </figcaption>
      <table className="visually-hidden">
        <caption>Images per class</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Train</th>
            <th scope="col">Val</th>
          </tr>
        </thead>
        <tbody>
          {classes.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.trainCount}</td>
              <td>{c.valCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
