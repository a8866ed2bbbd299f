import type { Resolvers } from '../../generated/graphql';
import { requireRunGroup } from '../../runs/find-run-group';
import { teamRunGroups } from './list-run-groups';
import { runGroupFields, runGroupOf } from './run-group-fields';
import { startLadder } from './start-ladder';
import { startSweep } from './start-sweep';

export const runGroupResolvers: Resolvers = {
  Query: {
    runGroup: (_parent, { id }, ctx) => requireRunGroup(ctx, id),
  },
  Mutation: {
    startLadder: (_parent, { input }, ctx) => startLadder({ ctx, input }),
    startSweep: (_parent, { input }, ctx) => startSweep({ ctx, input }),
  },
  // The team and the run were authorized by whoever returned them.
  Team: {
    runGroups: (team, { first }, ctx) => teamRunGroups(ctx, team.id, first),
  },
  Run: {
    group: (run, _args, ctx) => runGroupOf(ctx, run.groupId),
  },
  RunGroup: runGroupFields,
};
