import { getOperationAST, getVariableValues, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { documentLimitErrors, fragmentsOf } from './document-limits';
import { limitExceeded, type GraphqlLimits } from './limits';
import { operationCost } from './operation-cost';

export interface OperationLimitsOptions {
  schema: GraphQLSchema;
  /** A parsed and validated document. */
  document: DocumentNode;
  operationName?: string | null;
  /** The request's variables as sent; coerced here the way execution will coerce them. */
  variables?: Record<string, unknown> | null;
  limits: GraphqlLimits;
}

/**
 * Why the operation may not run (depth, aliases, directives, then cost), or none. Runs after
 * validation, with the request's variables, so `first: $n` is priced at the `$n` sent. Shared by
 * HTTP (an Apollo plugin) and the WebSocket (graphql-ws's onSubscribe).
 */
export function operationLimitErrors({ schema, document, operationName, variables, limits }: OperationLimitsOptions): GraphQLError[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const fragments = fragmentsOf(document);
  const shapeErrors = documentLimitErrors(operation, fragments, limits);
  if (shapeErrors.length) return shapeErrors;

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  // Variables that do not coerce fail execution with a better message than a price could give.
  if (coerced.errors) return [];
  const cost = operationCost({ schema, operation, fragments, variables: coerced.coerced, budget: limits.maxCost });
  if (cost <= limits.maxCost) return [];
  const shown = Number.isFinite(cost) && cost < Number.MAX_SAFE_INTEGER ? Math.ceil(cost) : Number.MAX_SAFE_INTEGER;
  return [
    limitExceeded(
      'QUERY_TOO_COMPLEX',
      `Query would resolve about ${shown.toLocaleString('en-US')} fields (lists counted by their \`first\` or page size); the limit is ${limits.maxCost.toLocaleString('en-US')}. Ask for smaller pages or fewer nested lists.`,
      { name: 'maxCost', max: limits.maxCost, actual: shown },
      operation,
    ),
  ];
}
