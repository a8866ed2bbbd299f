import { eq } from 'drizzle-orm';
import { epochMetrics, type Run } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import type { ApiEvent } from '../../events/api-events';
import type { EpochMetricParent, RunEpochEventParent, RunProgressEventParent, RunStatusEventParent } from '../../graphql-parents';
import { EPOCH_METRIC_COLUMNS } from '../../runs/epoch-metric-columns';
import { findRun, requireRunRole } from '../../runs/find-run';
import { authorizedEvents, type AuthorizedEvent } from './authorized-events';
import { subscriberAccess } from './team-access';

type RunEvent = Extract<ApiEvent, { type: 'runProgress' | 'runEpoch' | 'runStatus' }>;
type RunEventParent = RunProgressEventParent | RunEpochEventParent | RunStatusEventParent;

/** Subscription.runEvents: every progress, epoch and status change of one run (VIEWER or higher). */
export async function subscribeRunEvents(ctx: ApiContext, runId: string): Promise<AsyncIterableIterator<AuthorizedEvent<RunEvent>>> {
  const run = await requireRunRole(ctx, runId, 'VIEWER');
  const source = ctx.events.subscribe(
    (event): event is RunEvent => (event.type === 'runProgress' || event.type === 'runEpoch' || event.type === 'runStatus') && event.runId === run.id,
  );
  return authorizedEvents(source, subscriberAccess(ctx, run.teamId, 'Run'));
}

// One published event is delivered (as the same object) to every subscriber in this process:
// read its rows once and share them, rather than once per subscriber.
const rowsByEvent = new WeakMap<RunEvent, Promise<{ run: Run | null | undefined; metric?: EpochMetricParent }>>();

function eventRows(ctx: ApiContext, event: RunEvent) {
  let rows = rowsByEvent.get(event);
  if (!rows) {
    rows = (async () => {
      const run = await findRun(ctx.db, event.runId);
      if (event.type !== 'runEpoch') return { run };
      const [metric] = await ctx.db.select(EPOCH_METRIC_COLUMNS).from(epochMetrics).where(eq(epochMetrics.id, event.metricId)).limit(1);
      return { run, metric };
    })();
    rowsByEvent.set(event, rows);
  }
  return rows;
}

/** Turns one published event into the RunEvent the subscriber asked for, reading current rows. */
export async function resolveRunEvent(payload: AuthorizedEvent<RunEvent>, ctx: ApiContext): Promise<RunEventParent> {
  if (payload.kind === 'revoked') throw payload.error;
  const { event } = payload;
  const { run, metric } = await eventRows(ctx, event);
  if (!run) throw notFound('Run');
  switch (event.type) {
    case 'runProgress':
      return { __typename: 'RunProgressEvent', run, progress: event.progress };
    case 'runStatus':
      return { __typename: 'RunStatusEvent', run, status: event.status, error: event.error };
    case 'runEpoch': {
      if (!metric) throw notFound('Epoch metric');
      return { __typename: 'RunEpochEvent', run, metric };
    }
  }
}
