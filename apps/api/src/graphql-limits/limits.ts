import { GraphQLError, type ASTNode } from 'graphql';

/** What one GraphQL document may ask of the server; each is checked before anything runs. */
export interface GraphqlLimits {
  /** Nesting of data fields (Team → runs → dataset → team → … can recurse). */
  maxDepth: number;
  /** Nesting inside `__schema`/`__type`, counted apart so that standard introspection fits. */
  maxIntrospectionDepth: number;
  /** The estimated number of fields resolved, lists counted by their page size (see operation-cost.ts). */
  maxCost: number;
  /** Aliased fields, fragments expanded: each alias runs its field again. */
  maxAliases: number;
  /** Directives, fragments expanded. */
  maxDirectives: number;
  /** Lexer tokens: parsing stops here, so a huge document costs no more than this to refuse. */
  maxTokens: number;
}

/**
 * The fixed limits. The cost budget is a setting (TRANSFERLAB_GRAPHQL_MAX_COST); these hold for
 * any client that does not abuse the API. graphql-js's full introspection query is 184 tokens,
 * nests 14 levels inside `__schema`, and uses no aliases or directives.
 */
export const FIXED_GRAPHQL_LIMITS: Omit<GraphqlLimits, 'maxCost'> = {
  maxDepth: 12,
  maxIntrospectionDepth: 20,
  maxAliases: 50,
  maxDirectives: 50,
  maxTokens: 2000,
};

export type LimitCode = 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES';

/** A refused document: the message names the limit and its value; extensions carry both for tools. */
export function limitExceeded(code: LimitCode, message: string, limit: { name: keyof GraphqlLimits; max: number; actual: number }, node?: ASTNode): GraphQLError {
  return new GraphQLError(message, {
    nodes: node ? [node] : undefined,
    extensions: { code, limit: limit.name, max: limit.max, actual: limit.actual, http: { status: 400 } },
  });
}
