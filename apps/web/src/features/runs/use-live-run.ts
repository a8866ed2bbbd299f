'use client';

import { useState } from 'react';
import type { RunDetailQuery } from '@/generated/graphql';
import { RunDetailDocument, RunEventsDocument } from '@/graphql/run-detail';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { useSubscription } from '@/lib/live/use-subscription';
import { mergeMetrics } from '@/lib/metrics/epoch-series';

export type RunDetail = NonNullable<RunDetailQuery['run']>;

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);

/**
 * A run as the server rendered it (its history), kept current by runEvents: epochs are appended,
 * progress and status replaced. On every (re)connection the run is read again and merged, so
 * nothing published before the subscription began, or while the socket was down, is lost.
 */
export function useLiveRun(initial: RunDetail) {
  const [run, setRun] = useState(initial);
  const [liveError, setLiveError] = useState<string | null>(null);

  const refetch = () =>
    browserGraphql(RunDetailDocument, { id: initial.id }).then(
      ({ run: fresh }) => fresh && setRun((current) => ({ ...fresh, metrics: mergeMetrics(current.metrics, fresh.metrics) })),
      () => undefined,
    );

  useSubscription(
    RunEventsDocument,
    { runId: initial.id },
    {
      onData: ({ runEvents: event }) => {
        setLiveError(null);
        if (event.__typename === 'RunEpochEvent') setRun((r) => ({ ...r, metrics: mergeMetrics(r.metrics, [event.metric]) }));
        if (event.__typename === 'RunProgressEvent') setRun((r) => (FINISHED.has(r.status) ? r : { ...r, progress: event.progress }));
        if (event.__typename === 'RunStatusEvent') {
          setRun((r) => ({ ...r, ...event.run, status: event.status, error: event.error ?? event.run.error }));
          // The final metrics and the model arrive with the status: read them once more.
          if (FINISHED.has(event.status)) void refetch();
        }
      },
      onConnected: () => void refetch(),
      onError: setLiveError,
    },
    !FINISHED.has(initial.status),
  );

  return { run, setRun, liveError };
}
