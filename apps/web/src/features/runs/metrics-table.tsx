import type { EpochPointFragment } from '@/generated/graphql';
import { formatNumber, formatPercent } from '@/lib/format';

export function MetricsTable({ metrics }: { metrics: EpochPointFragment[] }) {
  return (
    <details>
      <summary>Every epoch ({metrics.length})</summary>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col" className="num">Epoch</th>
              <th scope="col" className="num">Loss</th>
              <th scope="col" className="num">Accuracy</th>
              <th scope="col" className="num">Val loss</th>
              <th scope="col" className="num">Val accuracy</th>
              <th scope="col" className="num">Learning rate</th>
              <th scope="col" className="num">Images/s</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) => (
              <tr key={`${m.phase}:${m.epoch}`}>
                <td>{m.phase}</td>
                <td className="num">{m.epoch}</td>
                <td className="num">{formatNumber(m.loss)}</td>
                <td className="num">{formatPercent(m.accuracy)}</td>
                <td className="num">{formatNumber(m.valLoss)}</td>
                <td className="num">{formatPercent(m.valAccuracy)}</td>
                <td className="num">{m.learningRate.toExponential(1)}</td>
                <td className="num">{m.imagesPerSecond.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
