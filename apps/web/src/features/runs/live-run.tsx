'use client';

import Link from 'next/link';
import { PageHead } from '@/components/ui/page-head';
import { formatDateTime, formatPercent, personName, runLabel, trainerLabel } from '@/lib/format';
import { plannedEpochs } from '@/lib/run-config/read-config';
import { CancelRunButton } from './cancel-run-button';
import { ConfigTable } from './config-table';
import { LiveStatus } from './live-status';
import { MetricsTable } from './metrics-table';
import { RunCurves } from './run-curves';
import { RunProgress } from './run-progress';
import { StatusBadge, STRATEGY_LABEL } from './status-badge';
import { useLiveRun, type RunDetail } from './use-live-run';

/** The run page: history from the server, then every epoch, progress and status change live. */
export function LiveRun({ initialRun, teamId, canCancel }: { initialRun: RunDetail; teamId: string; canCancel: boolean }) {
  const { run, setRun, liveError } = useLiveRun(initialRun);
  const active = run.status === 'QUEUED' || run.status === 'RUNNING';
  return (
    <main className="page stack">
      <PageHead
        title={
          <>
            {runLabel(run)} <StatusBadge status={run.status} />
          </>
        }
        subtitle={
          <>
            {STRATEGY_LABEL[run.strategy]} on <Link href={`/teams/${teamId}/datasets/${run.dataset.id}`}>{run.dataset.name}</Link> · started by {personName(run.createdBy)} · {formatDateTime(run.createdAt)}
            {active ? (
              <>
                {' · '}
                <LiveStatus />
              </>
            ) : null}
          </>
        }
        actions={
          <>
            {run.model ? (
              <Link className="button primary" href={`/teams/${teamId}/models/${run.model.id}`}>
                Open model {run.model.name} v{run.model.version}
              </Link>
            ) : null}
            {active && canCancel ? <CancelRunButton runId={run.id} onCanceled={(status) => setRun((r) => ({ ...r, status }))} /> : null}
          </>
        }
      />
      {run.status === 'FAILED' ? (
        <div className="alert error" role="alert">
          <strong>The run failed{run.failure ? ` (${run.failure.kind.toLowerCase()} error, ${run.failure.code})` : ''}.</strong> {run.error ?? run.failure?.message ?? 'No reason was recorded.'}
        </div>
      ) : null}
      {liveError ? (
        <p className="alert warn" role="status">
          Live updates stopped: {liveError}. Reload the page to try again.
        </p>
      ) : null}
      <section className="card stack" aria-labelledby="progress-title">
        <div className="stats">
          <div className="stat">
            <span className="value" data-testid="best-val-accuracy">
              {formatPercent(run.bestValAccuracy)}
            </span>
            <span className="label">Best val accuracy</span>
          </div>
          {run.model?.testEvaluation ? (
            <div className="stat">
              <span className="value" data-testid="test-accuracy">
                {formatPercent(run.model.testEvaluation.accuracy)}
              </span>
              <span className="label">Test (held out), {run.model.testEvaluation.count} images</span>
            </div>
          ) : null}
          <div className="stat">
            <span className="value" data-testid="epoch-count">
              {run.metrics.length}
            </span>
            <span className="label">Epochs done</span>
          </div>
          {run.featureCache ? (
            <div className="stat">
              <span className="value" data-testid="feature-cache">
                {run.featureCache.hits} hits, {run.featureCache.misses} misses
              </span>
              <span className="label">Feature cache (images whose backbone features were reused, or computed)</span>
            </div>
          ) : null}
          <div className="stat">
            <span className="value">{run.worker?.name ?? '—'}</span>
            <span className="label" data-testid="trainer-label">
              {trainerLabel(run.worker)}
            </span>
          </div>
        </div>
        <h2 id="progress-title" className="visually-hidden">
          Progress
        </h2>
        <RunProgress status={run.status} progress={run.progress} />
      </section>
      <section className="card" aria-labelledby="curves-title">
        <h2 id="curves-title">Curves</h2>
        <RunCurves metrics={run.metrics} plannedEpochs={plannedEpochs(run.config)} />
        <MetricsTable metrics={run.metrics} />
      </section>
      <section className="card" aria-labelledby="config-title">
        <h2 id="config-title">Hyperparameters</h2>
        <ConfigTable config={run.config} />
      </section>
    </main>
  );
}
