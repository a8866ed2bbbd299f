import type { Resolvers } from '../../generated/graphql';

export const teamResolvers: Resolvers = {};
