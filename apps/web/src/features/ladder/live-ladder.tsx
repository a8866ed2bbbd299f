'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { OverlaidCurves } from '@/features/compare/overlaid-curves';
import { StatusBadge, STRATEGY_LABEL } from '@/features/runs/status-badge';
import { RunFeed } from '@/features/runs/run-feed';
import type { RunDetail } from '@/features/runs/use-live-run';
import type { LadderComparisonFieldsFragment } from '@/generated/graphql';
import { LadderComparisonDocument } from '@/graphql/run-groups';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { formatPercent } from '@/lib/format';
import { LadderComparisonCard } from './ladder-comparison-card';
import { compareHref } from './ladder-figures';

interface LiveLadderProps {
  groupId: string;
  teamId: string;
  initialRuns: RunDetail[];
  initialComparison: LadderComparisonFieldsFragment | null;
}

/**
 * The group page's live part: the three runs' validation curves overlaid as epochs arrive, and the
 * comparison card, read again from the API whenever a run's status changes (the API computes it).
 */
export function LiveLadder({ groupId, teamId, initialRuns, initialComparison }: LiveLadderProps) {
  const [runs, setRuns] = useState(initialRuns);
  const [comparison, setComparison] = useState(initialComparison);
  const statuses = runs.map((r) => r.status).join(',');

  useEffect(() => {
    browserGraphql(LadderComparisonDocument, { id: groupId }).then(
      ({ runGroup }) => runGroup && setComparison(runGroup.comparison),
      () => undefined,
    );
  }, [groupId, statuses]);

  const [onChange] = useState(() => (changed: RunDetail) => setRuns((list) => list.map((r) => (r.id === changed.id ? changed : r))));
  return (
    <>
      {initialRuns.map((run) => (
        <RunFeed key={run.id} initial={run} onChange={onChange} />
      ))}
      <section className="card" aria-labelledby="rungs-title">
        <h2 id="rungs-title">Runs</h2>
        <ul className="stack">
          {runs.map((run) => (
            <li key={run.id}>
              <Link href={`/teams/${teamId}/runs/${run.id}`}>{STRATEGY_LABEL[run.strategy]}</Link> <StatusBadge status={run.status} /> · best {formatPercent(run.bestValAccuracy)} · {run.metrics.length} epochs
            </li>
          ))}
        </ul>
        <p>
          <Link href={compareHref(teamId, runs.map((r) => r.id))}>Compare these runs</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="curves-title">
        <h2 id="curves-title">Validation curves</h2>
        <OverlaidCurves runs={runs.map((r) => ({ ...r, name: STRATEGY_LABEL[r.strategy] }))} />
      </section>
      <section className="card" aria-labelledby="comparison-title">
        <h2 id="comparison-title">Comparison</h2>
        {comparison ? <LadderComparisonCard comparison={comparison} /> : <p className="muted">Not a ladder.</p>}
      </section>
    </>
  );
}
