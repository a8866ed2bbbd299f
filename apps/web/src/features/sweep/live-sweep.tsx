'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { OverlaidCurves } from '@/features/compare/overlaid-curves';
import { RunFeed } from '@/features/runs/run-feed';
import type { RunDetail } from '@/features/runs/use-live-run';
import type { SweepRankingFieldsFragment } from '@/generated/graphql';
import { SweepRankingDocument } from '@/graphql/run-groups';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { ParallelCoordinates } from './parallel-coordinates';
import { RegisterBestModel } from './register-best-model';
import { SweepRankingTable } from './sweep-ranking-table';

interface LiveSweepProps {
  groupId: string;
  teamId: string;
  canEdit: boolean;
  initialRuns: RunDetail[];
  initialSweep: SweepRankingFieldsFragment;
}

/**
 * The sweep's page, live as the ladder's is: each run's subscription keeps its curves current, and the
 * ranking (the API ranks) is read again whenever a run's status changes, so the table re-ranks as runs finish.
 */
export function LiveSweep({ groupId, teamId, canEdit, initialRuns, initialSweep }: LiveSweepProps) {
  const [runs, setRuns] = useState(initialRuns);
  const [sweep, setSweep] = useState(initialSweep);
  const statuses = runs.map((r) => r.status).join(',');

  useEffect(() => {
    browserGraphql(SweepRankingDocument, { id: groupId }).then(
      ({ runGroup }) => runGroup?.sweep && setSweep(runGroup.sweep),
      () => undefined,
    );
  }, [groupId, statuses]);

  const [onChange] = useState(() => (changed: RunDetail) => setRuns((list) => list.map((r) => (r.id === changed.id ? changed : r))));
  const bestModel = sweep.best?.run.model;
  return (
    <>
      {initialRuns.map((run) => (
        <RunFeed key={run.id} initial={run} onChange={onChange} />
      ))}
      <section className="card stack" aria-labelledby="ranking-title">
        <h2 id="ranking-title">Ranking</h2>
        <p className="small muted" data-testid="sweep-finished">
          {sweep.finished} of {sweep.entries.length} runs finished · ranked by validation accuracy · <Link href={`/teams/${teamId}/compare?group=${groupId}`}>Compare these runs</Link>
        </p>
        <SweepRankingTable sweep={sweep} teamId={teamId} />
      </section>
      <section className="card" aria-labelledby="best-title">
        <h2 id="best-title">Best model</h2>
        {bestModel ? canEdit ? <RegisterBestModel key={bestModel.id} teamId={teamId} model={bestModel} /> : <p>{`${bestModel.name} v${bestModel.version}`}</p> : <p className="muted">No run has succeeded yet.</p>}
      </section>
      <section className="card" aria-labelledby="parallel-title">
        <h2 id="parallel-title">Hyperparameters against accuracy</h2>
          <ParallelCoordinates sweep={sweep} />
      </section>
      <section className="card" aria-labelledby="curves-title">
        <h2 id="curves-title">Validation curves</h2>
        <OverlaidCurves runs={runs} />
      </section>
    </>
  );
}
