import type { TypedDocumentString } from '@/generated/graphql';
import { executeOperation } from './execute';

/**
 * Runs an operation from the browser through the dashboard's /graphql route, which adds the
 * session from the httpOnly cookie (the browser never holds the token for HTTP requests).
 */
export function browserGraphql<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  return executeOperation('/graphql', document, variables, {});
}
