import { NextResponse, type NextRequest } from 'next/server';
import type { TypedDocumentString } from '@/generated/graphql';
import { ApiError } from '@/lib/api/api-error';
import { env } from '@/env';
import { executeOperation } from '@/lib/api/execute';
import { isSameOrigin } from '@/lib/api/same-origin';
import { isHttps, SESSION_COOKIE, sessionCookieOptions } from '@/lib/api/session-cookie';

type Run = <R, V>(document: TypedDocumentString<R, V>, variables: V) => Promise<R>;

/**
 * Sign-in and sign-up: run the mutation anonymously (as the browser's address), keep the token in the httpOnly session
 * cookie, and answer `{ ok }` or the API's error (with per-field messages) for the form.
 */
export async function startSession(request: NextRequest, obtainToken: (body: Record<string, unknown>, run: Run) => Promise<string>) {
  if (!isSameOrigin(request)) return Response.json({ error: 'Cross-site requests are refused.' }, { status: 403 });
  const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
  if (!body || typeof body !== 'object') return Response.json({ error: 'Send the form as JSON.' }, { status: 400 });
  // The API counts failed sign-ins per client network: pass on whom this request came from (it
  // trusts X-Forwarded-For from this server, on loopback by default: TRANSFERLAB_TRUST_PROXY).
  const forwardedFor = request.headers.get('x-forwarded-for');
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  try {
    const token = await obtainToken(body, (document, variables) => executeOperation(`${env().apiUrl}/graphql`, document, variables, headers));
    const response = NextResponse.json({ ok: true });
    response.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(isHttps(request)));
    return response;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const status = error.code === 'UNREACHABLE' ? 502 : error.code === 'INTERNAL_SERVER_ERROR' ? 500 : 400;
    return Response.json({ error: error.message, code: error.code, fields: error.fields }, { status });
  }
}
