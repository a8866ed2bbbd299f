import Link from 'next/link';
import { StatusBadge } from '@/features/runs/status-badge';
import type { SweepRankingFieldsFragment } from '@/generated/graphql';
import { formatPercent, formatSeconds, runLabel } from '@/lib/format';
import { SWEEP_LABEL } from '@/lib/run-config/to-start-sweep-input';
import { formatSweepValue, sweptParameters } from './sweep-figures';

/** The sweep's runs as the API ranks them: best validation accuracy first, runs still going after. */
export function SweepRankingTable({ sweep, teamId }: { sweep: SweepRankingFieldsFragment; teamId: string }) {
  const swept = sweptParameters(sweep.grid);
  return (
    <div className="table-wrap">
      <table data-testid="sweep-ranking">
        <thead>
          <tr>
            <th scope="col">Rank</th>
            {swept.map((p) => (
              <th key={p} scope="col">
                {SWEEP_LABEL[p]}
              </th>
            ))}
            <th scope="col">Val accuracy</th>
            <th scope="col">Test accuracy</th>
            <th scope="col">Status</th>
            <th scope="col">Wall time</th>
            <th scope="col">Run</th>
          </tr>
        </thead>
        <tbody>
          {sweep.entries.map((entry) => (
            <tr key={entry.run.id} data-testid="sweep-entry" data-run-id={entry.run.id} data-rank={entry.rank ?? ''}>
              <th scope="row">{entry.rank ?? '—'}</th>
              {swept.map((p) => (
                <td key={p}>{formatSweepValue(entry.params[p])}</td>
              ))}
              <td data-testid="sweep-val-accuracy">{formatPercent(entry.valAccuracy)}</td>
              <td>{formatPercent(entry.testAccuracy)}</td>
              <td>
                <StatusBadge status={entry.run.status} />
              </td>
              <td>{formatSeconds(entry.wallTimeSeconds)}</td>
              <td>
                <Link href={`/teams/${teamId}/runs/${entry.run.id}`}>{runLabel(entry.run)}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
