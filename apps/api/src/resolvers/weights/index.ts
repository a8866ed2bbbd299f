import { desc } from 'drizzle-orm';
import { imagenetWeights } from '@transferlab/db/schema';
import { requireUser } from '../../auth/authorize';
import type { Resolvers } from '../../generated/graphql';
import { loadUser } from '../teams/load-user';
import { deleteBackboneWeights } from './delete-backbone-weights';
import { listTeamWeights } from './list-team-weights';

// Uploads are HTTP (http/weights); Run.weights is the run row's own column.
export const weightsResolvers: Resolvers = {
  Query: {
    imagenetWeights: async (_parent, _args, ctx) => {
      requireUser(ctx);
      return ctx.db.select().from(imagenetWeights).orderBy(desc(imagenetWeights.createdAt));
    },
  },
  Mutation: {
    deleteBackboneWeights: (_parent, { id }, ctx) => deleteBackboneWeights({ ctx, id }),
  },
  Team: {
    weights: (team, _args, ctx) => listTeamWeights(ctx, team.id),
  },
  BackboneWeights: {
    createdBy: (weights, _args, ctx) => loadUser(ctx, weights.createdBy),
  },
};
