import { STRATEGY_LABEL } from '@/features/runs/status-badge';
import { formatNumber, formatPercent } from '@/lib/format';
import { describeFineTuneGain, fineTuneGain, type PhaseBestView } from '@/lib/metrics/phase-bests';

/** Each phase's own best epoch (each stops on its own patience), and whether fine-tuning helped. */
export function PhaseBestsTable({ phases }: { phases: PhaseBestView[] }) {
  const gain = fineTuneGain(phases);
  return (
    <>
      <table aria-label="Each phase's best epoch">
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col" className="num">Best epoch</th>
            <th scope="col" className="num">Val loss</th>
            <th scope="col" className="num">Val accuracy</th>
            <th scope="col" className="num">Epochs run</th>
            <th scope="col">Ended</th>
          </tr>
        </thead>
        <tbody>
          {phases.map((p) => (
            <tr key={p.phase}>
              <th scope="row">{STRATEGY_LABEL[p.phase]}</th>
              <td className="num">{p.bestEpoch ?? '—'}</td>
              <td className="num">{formatNumber(p.valLoss)}</td>
              <td className="num">{formatPercent(p.valAccuracy)}</td>
              <td className="num">{p.epochsRun}</td>
              <td>{p.stoppedEarly ? 'early stopping' : 'all epochs'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {gain ? (
        <p className="small" data-testid="fine-tune-gain">
          {describeFineTuneGain(gain)}
        </p>
      ) : null}
    </>
  );
}
