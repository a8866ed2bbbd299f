import type { Resolvers } from '../../generated/graphql';

export const workerResolvers: Resolvers = {};
