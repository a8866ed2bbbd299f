import type { ApiContext } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { resolveRunEvent, subscribeRunEvents } from './run-events';
import { resolveTeamRun, subscribeTeamRuns } from './team-runs';

// graphql-ws runs `subscribe` once for the source stream, then `resolve` for each of its values.
export const subscriptionResolvers: Resolvers = {
  Subscription: {
    runEvents: {
      subscribe: (_parent, { runId }, ctx) => subscribeRunEvents(ctx, runId),
      resolve: (payload: Parameters<typeof resolveRunEvent>[0], _args: unknown, ctx: ApiContext) => resolveRunEvent(payload, ctx),
    },
    teamRuns: {
      subscribe: (_parent, { teamId }, ctx) => subscribeTeamRuns(ctx, teamId),
      resolve: (payload: Parameters<typeof resolveTeamRun>[0], _args: unknown, ctx: ApiContext) => resolveTeamRun(payload, ctx),
    },
  },
  RunEvent: {
    __resolveType: (event) => event.__typename,
  },
};
