import { formatPercent } from '@/lib/format';

interface ClassMetric {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function ClassMetricsTable({ metrics }: { metrics: ClassMetric[] }) {
  return (
    <table aria-label="Per-class precision, recall and F1">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col" className="num">Precision</th>
          <th scope="col" className="num">Recall</th>
          <th scope="col" className="num">F1</th>
          <th scope="col" className="num">Images</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((m) => (
          <tr key={m.name}>
            <th scope="row" style={{ textTransform: 'none' }}>
              {m.name}
            </th>
            <td className="num">{formatPercent(m.precision)}</td>
            <td className="num">{formatPercent(m.recall)}</td>
            <td className="num">{formatPercent(m.f1)}</td>
            <td className="num">{m.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
