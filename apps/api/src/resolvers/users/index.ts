import type { Resolvers } from '../../generated/graphql';

export const userResolvers: Resolvers = {};
