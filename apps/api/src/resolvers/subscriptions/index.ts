import type { Resolvers } from '../../generated/graphql';

export const subscriptionResolvers: Resolvers = {};
