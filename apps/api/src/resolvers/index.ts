import type { Resolvers } from '../generated/graphql';
import { datasetResolvers } from './datasets';
import { modelResolvers } from './models';
import { runGroupResolvers } from './run-groups';
import { runResolvers } from './runs';
import { scalarResolvers } from './scalars';
import { subscriptionResolvers } from './subscriptions';
import { teamResolvers } from './teams';
import { userResolvers } from './users';
import { weightsResolvers } from './weights';
import { workerResolvers } from './worker';

/** Merges each domain's resolver map (Query/Mutation fields and types) into one. */
export function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      if (typeof fields !== 'object' || fields === null || fields.constructor?.name === 'GraphQLScalarType') {
        (merged as Record<string, unknown>)[type] = fields;
        continue;
      }
      for (const field of Object.keys(fields)) {
        if (merged[type]?.[field]) throw new Error(`Resolver ${type}.${field} is defined twice.`);
      }
      merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
    }
  }
  return merged as Resolvers;
}

export const resolvers = mergeResolvers(
  scalarResolvers,
  userResolvers,
  teamResolvers,
  datasetResolvers,
  runResolvers,
  runGroupResolvers,
  workerResolvers,
  modelResolvers,
  subscriptionResolvers,
  weightsResolvers,
);
