import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphqlLimits } from './limits';
import { operationLimitErrors } from './operation-limits';

/**
 * Apollo Server's share of the limits: the token cap at parse time, and the rest once the
 * operation is known (a plugin rather than a validation rule: Apollo would relabel a rule's
 * errors GRAPHQL_VALIDATION_FAILED, and the cost needs the request's variables).
 */
export function apolloLimits(limits: GraphqlLimits) {
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const [error] = operationLimitErrors({ schema, document, operationName, variables: request.variables, limits });
          if (error) throw error;
        },
      };
    },
  };
  return { parseOptions: { maxTokens: limits.maxTokens }, plugin };
}
