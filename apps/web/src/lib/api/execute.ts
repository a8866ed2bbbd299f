import type { TypedDocumentString } from '@/generated/graphql';
import { ApiError, apiErrorFrom } from './api-error';

export type Variables<V> = V extends Record<string, never> ? Record<string, never> | undefined : V;

/**
 * POSTs one operation and returns its data, or throws an ApiError: the first GraphQL error, or
 * a readable one when the server could not be reached or did not answer GraphQL.
 */
export async function executeOperation<R, V>(
  url: string,
  document: TypedDocumentString<R, V>,
  variables: V | undefined,
  headers: Record<string, string>,
): Promise<R> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError(`Cannot reach the TransferLab API (${error instanceof Error ? error.message : String(error)}). Check that it is running.`, 'UNREACHABLE');
  }
  const body = (await response.json().catch(() => null)) as { data?: R | null; errors?: unknown[] } | null;
  if (!body) throw new ApiError(`The API answered ${response.status} ${response.statusText} without a GraphQL body.`, 'BAD_RESPONSE');
  if (body.errors?.length) throw apiErrorFrom(body.errors as Parameters<typeof apiErrorFrom>[0]);
  if (!body.data) throw new ApiError('The API answered without data.', 'BAD_RESPONSE');
  return body.data;
}
