import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/**
 * A document is compiled on its second execution, not its first: a one-off document (a sign-in, a
 * tool's probe, a stranger's varied queries) costs no more than graphql-js's interpretation, and
 * the documents a dashboard or a tool sends again and again run compiled from then on.
 */
export const COMPILE_ON_EXECUTION = 2;
/** Documents whose uses are counted or whose compiled form is kept, least recently used dropped first. */
export const COMPILED_DOCUMENTS_MAX = 500;

type Entry = { executions: number; compiled: CompiledQuery | null; uncompilable: boolean };

export interface ExecuteRequest {
  /** The same for the same query text (Apollo's sha256 of it). */
  queryHash: string;
  document: DocumentNode;
  operationName: string | null;
  contextValue: unknown;
  variables: Record<string, unknown> | undefined;
}

export interface CompilingExecutorOptions {
  compileOnExecution?: number;
  maxDocuments?: number;
  /**
   * Whose documents may be counted and compiled. Compiling costs more than one interpretation, so
   * the API keeps it to signed-in callers: a stranger can neither make the server compile nor push
   * the team's compiled documents out of the cache.
   */
  mayCompile?: (contextValue: unknown) => boolean;
}

/**
 * Executes validated operations with graphql-jit once a document repeats, and with graphql-js
 * before that. graphql-jit turns a document into a function that walks its result without
 * graphql-js's per-field bookkeeping (resolve info, paths, promise checks), which is most of the
 * cost of a long list: a 1,000-epoch metrics list is 10,000 fields.
 */
export function createCompilingExecutor(schema: GraphQLSchema, { compileOnExecution = COMPILE_ON_EXECUTION, maxDocuments = COMPILED_DOCUMENTS_MAX, mayCompile = () => true }: CompilingExecutorOptions = {}) {
  const documents = new LRUCache<string, Entry>({ max: maxDocuments });
  const compiledFor = (request: ExecuteRequest): CompiledQuery | null => {
    if (!mayCompile(request.contextValue)) return null;
    const key = `${request.operationName ?? ''}:${request.queryHash}`;
    let entry = documents.get(key);
    if (!entry) documents.set(key, (entry = { executions: 0, compiled: null, uncompilable: false }));
    entry.executions++;
    if (entry.compiled || entry.uncompilable || entry.executions < compileOnExecution) return entry.compiled;
    const compiled = compileQuery(schema, request.document, request.operationName ?? undefined);
    // A document graphql-jit cannot compile (it reports why as errors) stays with graphql-js.
    if (isCompiledQuery(compiled)) entry.compiled = compiled;
    else entry.uncompilable = true;
    return entry.compiled;
  };
  return {
    async execute(request: ExecuteRequest): Promise<ExecutionResult> {
      const compiled = compiledFor(request);
      if (compiled) {
        const result = await compiled.query(undefined, request.contextValue, request.variables);
        // No data at all means the request was refused before execution (its variables): graphql-js
        // words that refusal as Apollo expects (a 400 naming the variable), so it answers it.
        if (result.data !== undefined) return result;
      }
      return execute({ schema, document: request.document, operationName: request.operationName, contextValue: request.contextValue, variableValues: request.variables });
    },
    /** How many documents run compiled now (for tests and diagnostics). */
    compiledDocuments: () => [...documents.values()].filter((entry) => entry.compiled).length,
  };
}

export type CompilingExecutor = ReturnType<typeof createCompilingExecutor>;

/**
 * Apollo Server 5 takes another executor only through its gateway interface: this one serves a
 * fixed schema (no federation) and runs every operation through `executor`. Parsing, validation,
 * the limits plugins and error formatting stay Apollo's.
 */
export function fixedSchemaGateway<TContext extends BaseContext>(schema: GraphQLSchema, executor: CompilingExecutor): ApolloServerOptionsWithGateway<TContext>['gateway'] {
  return {
    async load() {
      return {
        executor: (requestContext) =>
          executor.execute({
            queryHash: requestContext.queryHash,
            document: requestContext.document,
            operationName: requestContext.operationName,
            contextValue: requestContext.context,
            variables: requestContext.request.variables,
          }),
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
