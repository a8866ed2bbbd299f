import { parse, specifiedRules, validate, type ExecutionArgs, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { GraphqlLimits } from './limits';
import { operationLimitErrors } from './operation-limits';

/**
 * graphql-ws's onSubscribe with the same limits as HTTP: parse with the token cap, validate, then
 * the operation's limits with its variables. `rules` are the validation rules HTTP adds to graphql's own. Errors go back to the client as the operation's
 * error message; the socket stays open.
 */
export function socketLimits(schema: GraphQLSchema, limits: GraphqlLimits, rules: readonly ValidationRule[] = []) {
  return (_ctx: unknown, _id: string, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
    let document;
    try {
      document = parse(payload.query, { maxTokens: limits.maxTokens });
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    if (errors.length) return errors;
    const { operationName, variables } = payload;
    const limitErrors = operationLimitErrors({ schema, document, operationName, variables, limits });
    if (limitErrors.length) return limitErrors;
    return { schema, document, operationName, variableValues: variables };
  };
}
