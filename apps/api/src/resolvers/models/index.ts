import type { Resolvers } from '../../generated/graphql';

export const modelResolvers: Resolvers = {};
