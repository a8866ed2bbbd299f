import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { env } from '@/env';
import type { TypedDocumentString } from '@/generated/graphql';
import { ApiError } from './api-error';
import { executeOperation } from './execute';
import { SESSION_COOKIE } from './session-cookie';

/** The session token of the request being rendered, if signed in. */
export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value || undefined;
}

/** Runs an operation from a server component or route handler, as the signed-in user when there is one. */
export async function serverGraphql<R, V>(document: TypedDocumentString<R, V>, variables?: V, token?: string): Promise<R> {
  const bearer = token ?? (await sessionToken());
  return executeOperation(`${env().apiUrl}/graphql`, document, variables, bearer ? { authorization: `Bearer ${bearer}` } : {});
}

/**
 * For pages: what the API cannot show this user (missing, or another team's) is the not-found
 * page, and an ended session goes back to sign-in. Other errors reach the error boundary.
 */
export async function loadPage<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const token = await sessionToken();
  if (!token) redirect('/sign-in');
  try {
    return await serverGraphql(document, variables, token);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') notFound();
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') redirect('/sign-in');
    if (error instanceof ApiError && error.code === 'UNREACHABLE') redirect(`/unavailable?from=${encodeURIComponent(await currentPath())}`);
    throw error;
  }
}

/** The path being rendered, for a way back after an error page (set by proxy.ts). */
async function currentPath(): Promise<string> {
  return (await headers()).get('x-transferlab-path') ?? '/';
}
