import type { LadderComparisonFieldsFragment } from '@/generated/graphql';
import { formatPercent } from '@/lib/format';
import { STRATEGY_LABEL } from '@/features/runs/status-badge';
import { formatGain } from './ladder-figures';

/** The ladder's one card: each rung's accuracies and speed, and what each step up the ladder bought. */
export function LadderComparisonCard({ comparison }: { comparison: LadderComparisonFieldsFragment }) {
  const helped = comparison.fineTuneHelped === null ? 'not yet known' : comparison.fineTuneHelped ? 'yes' : 'no';
  return (
    <div className="stack" data-testid="ladder-comparison">
      <div className="stats">
        <div className="stat">
          <span className="value" data-testid="transfer-gain">
            {formatGain(comparison.transferGain)}
          </span>
          <span className="label">What transfer bought (best transfer run minus baseline, val accuracy)</span>
        </div>
        <div className="stat">
          <span className="value" data-testid="fine-tune-gain">
            {formatGain(comparison.fineTuneGain)}
          </span>
          <span className="label">Fine-tuning over feature extraction: helped? {helped}</span>
        </div>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">Rung</th>
            <th scope="col">Val accuracy</th>
            <th scope="col">Test accuracy</th>
            <th scope="col">Wall time</th>
            <th scope="col">Images / s</th>
          </tr>
        </thead>
        <tbody>
          {comparison.rungs.map((rung) => (
            <tr key={rung.run.id} data-testid={`rung-${rung.strategy}`}>
              <th scope="row">{STRATEGY_LABEL[rung.strategy]}</th>
              <td>{formatPercent(rung.valAccuracy)}</td>
              <td>{formatPercent(rung.testAccuracy)}</td>
              <td>{rung.wallTimeSeconds === null ? '—' : `${rung.wallTimeSeconds.toFixed(1)} s`}</td>
              <td>{rung.imagesPerSecond === null ? '—' : rung.imagesPerSecond.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        Wall time runs from the trainer&apos;s claim to the run&apos;s end; images per second weights each epoch&apos;s rate by its duration. Differences wait for both runs to finish.
      </p>
    </div>
  );
}
