import type { Resolvers } from '../../generated/graphql';
import { requireRunRole } from '../../runs/find-run';
import { cancelRun } from './cancel-run';
import { compareRuns, teamRuns } from './list-runs';
import { runFields } from './run-fields';
import { startRun } from './start-run';

export const runResolvers: Resolvers = {
  Query: {
    run: (_parent, { id }, ctx) => requireRunRole(ctx, id, 'VIEWER'),
    runs: (_parent, { teamId, ids }, ctx) => compareRuns({ ctx, teamId, ids }),
  },
  Mutation: {
    startRun: (_parent, { input }, ctx) => startRun({ ctx, input }),
    cancelRun: (_parent, { id }, ctx) => cancelRun({ ctx, id }),
  },
  // The team was authorized by whoever returned it (Query.team, User.teams, Run.team).
  Team: {
    runs: (team, { status, first }, ctx) => teamRuns({ ctx, teamId: team.id, status, first }),
  },
  Run: runFields,
};
