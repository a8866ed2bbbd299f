import type { Resolvers } from '../../generated/graphql';

export const datasetResolvers: Resolvers = {};
