import type { Run } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import type { ApiEvent } from '../../events/api-events';
import type { RunEpochEventParent, RunProgressEventParent, RunStatusEventParent } from '../../graphql-parents';
import { fromEpochMetricJson } from '../../runs/epoch-metric-columns';
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
// read its run once and share it, rather than once per subscriber. (The epoch event carries its
// metric row, so that is not read at all.)
const runByEvent = new WeakMap<RunEvent, Promise<Run | null | undefined>>();

function eventRun(ctx: ApiContext, event: RunEvent) {
  let run = runByEvent.get(event);
  if (!run) {
    run = findRun(ctx.db, event.runId);
    runByEvent.set(event, run);
  }
  return run;
}

/** Turns one published event into the RunEvent the subscriber asked for, reading current rows. */
export async function resolveRunEvent(payload: AuthorizedEvent<RunEvent>, ctx: ApiContext): Promise<RunEventParent> {
  if (payload.kind === 'revoked') throw payload.error;
  const { event } = payload;
  const run = await eventRun(ctx, event);
  if (!run) throw notFound('Run');
  switch (event.type) {
    case 'runProgress':
      return { __typename: 'RunProgressEvent', run, progress: event.progress };
    case 'runStatus':
      return { __typename: 'RunStatusEvent', run, status: event.status, error: event.error };
    case 'runEpoch':
      return { __typename: 'RunEpochEvent', run, metric: fromEpochMetricJson(event.metric) };
  }
}
