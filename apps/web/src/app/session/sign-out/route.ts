import { NextResponse, type NextRequest } from 'next/server';
import { SignOutDocument } from '@/graphql/session';
import { serverGraphql } from '@/lib/api/server-graphql';
import { isSameOrigin } from '@/lib/api/same-origin';
import { SESSION_COOKIE } from '@/lib/api/session-cookie';

// A plain form POST (works without JavaScript): ends the session at the API, drops the cookie
// and sends the browser to the sign-in page.
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return Response.json({ error: 'Cross-site requests are refused.' }, { status: 403 });
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  // The cookie goes whatever the API says: an expired or unreachable session must not trap the user.
  if (token) await serverGraphql(SignOutDocument, {}, token).catch(() => undefined);
  const response = NextResponse.redirect(new URL('/sign-in', request.url), 303);
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
