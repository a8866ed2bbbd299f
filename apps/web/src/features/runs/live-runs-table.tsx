'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import type { RunSummaryFragment } from '@/generated/graphql';
import { TeamRunsDocument, TeamRunsLiveDocument } from '@/graphql/runs';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { formatDateTime, formatPercent, personName, runLabel } from '@/lib/format';
import { useSubscription } from '@/lib/live/use-subscription';
import { StatusBadge, STRATEGY_LABEL } from './status-badge';

/** The team's runs, newest first, kept current by the teamRuns subscription. */
export function LiveRunsTable({ teamId, initialRuns }: { teamId: string; initialRuns: RunSummaryFragment[] }) {
  const router = useRouter();
  const [runs, setRuns] = useState(initialRuns);
  const [selected, setSelected] = useState<string[]>([]);

  useSubscription(
    TeamRunsLiveDocument,
    { teamId },
    {
      onData: ({ teamRuns: run }) =>
        setRuns((all) => {
          const rest = all.filter((r) => r.id !== run.id);
          return [run, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        }),
      // Whatever changed while the socket was down is read again.
      onConnected: () => void browserGraphql(TeamRunsDocument, { id: teamId }).then(({ team }) => team && setRuns(team.runs), () => undefined),
    },
  );

  if (runs.length === 0) {
    return (
      <EmptyState title="No runs yet">
        <p>Start one from a dataset; it appears here as soon as it is queued.</p>
      </EmptyState>
    );
  }
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  return (
    <div className="stack">
      <div className="form-row">
        <button type="button" disabled={selected.length < 2} onClick={() => router.push(`/teams/${teamId}/compare?runs=${selected.join(',')}`)}>
          Compare selected ({selected.length})
        </button>
      </div>
      <div className="table-wrap">
        <table aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Select</span>
              </th>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Strategy</th>
              <th scope="col">Dataset</th>
              <th scope="col" className="num">
                Best val acc.
              </th>
              <th scope="col">Started by</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-run-id={run.id}>
                <td>
                  <input type="checkbox" aria-label={`Select ${runLabel(run)} to compare`} checked={selected.includes(run.id)} onChange={() => toggle(run.id)} />
                </td>
                <td>
                  <Link href={`/teams/${teamId}/runs/${run.id}`}>{runLabel(run)}</Link>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>
                  {STRATEGY_LABEL[run.strategy]}
                  {run.group ? (
                    <>
                      {' · '}
                      <Link href={`/teams/${teamId}/groups/${run.group.id}`}>ladder</Link>
                    </>
                  ) : null}
                </td>
                <td>{run.dataset.name}</td>
                <td className="num">{formatPercent(run.bestValAccuracy)}</td>
                <td>{personName(run.createdBy)}</td>
                <td>{formatDateTime(run.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
