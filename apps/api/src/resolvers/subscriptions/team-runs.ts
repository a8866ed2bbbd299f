import type { Run } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import type { ApiEvent } from '../../events/api-events';
import { findRun } from '../../runs/find-run';
import { isUuid } from '../../ids';
import { authorizedEvents, type AuthorizedEvent } from './authorized-events';
import { subscriberAccess } from './team-access';

type TeamRunEvent = Extract<ApiEvent, { type: 'teamRun' | 'runStatus' }>;

/** Subscription.teamRuns: a run of the team was created (teamRun) or changed status (runStatus). */
export async function subscribeTeamRuns(ctx: ApiContext, teamId: string): Promise<AsyncIterableIterator<AuthorizedEvent<TeamRunEvent>>> {
  if (!isUuid(teamId)) throw notFound('Team');
  await requireTeamRole(ctx, teamId, 'VIEWER');
  const source = ctx.events.subscribe((event): event is TeamRunEvent => (event.type === 'teamRun' || event.type === 'runStatus') && event.teamId === teamId);
  return authorizedEvents(source, subscriberAccess(ctx, teamId, 'Team'));
}

/** The run as it is now. */
export async function resolveTeamRun(payload: AuthorizedEvent<TeamRunEvent>, ctx: ApiContext): Promise<Run> {
  if (payload.kind === 'revoked') throw payload.error;
  const run = await findRun(ctx.db, payload.event.runId);
  if (!run) throw notFound('Run');
  return run;
}
