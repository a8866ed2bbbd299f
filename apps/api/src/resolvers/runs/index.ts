import type { Resolvers } from '../../generated/graphql';

export const runResolvers: Resolvers = {};
