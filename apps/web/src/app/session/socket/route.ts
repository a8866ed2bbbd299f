import type { NextRequest } from 'next/server';
import { env } from '@/env';
import { isSameOrigin } from '@/lib/api/same-origin';
import { SESSION_COOKIE } from '@/lib/api/session-cookie';

// What the page's live-updates socket needs: the API's graphql-ws URL and the session token for
// its connectionParams. A socket cannot go through a Next route handler, so it connects to the
// API directly; only same-origin scripts can read this answer.
export async function GET(request: NextRequest) {
  const headers = { 'cache-control': 'no-store' };
  if (!isSameOrigin(request)) return Response.json({ error: 'Cross-site requests are refused.' }, { status: 403, headers });
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return Response.json({ error: 'Sign in first.' }, { status: 401, headers });
  const url = `${env().publicApiUrl.replace(/^http/, 'ws')}/graphql`;
  return Response.json({ url, token }, { headers });
}
