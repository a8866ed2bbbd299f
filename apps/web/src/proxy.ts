import { NextResponse, type NextRequest } from 'next/server';

/**
 * Tells server components which path they render (Next gives them no pathname), so an error
 * page can offer the way back. Only pages pass through here: uploads and the API routes never
 * do, so their bodies stream untouched.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-transferlab-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|graphql|session/|_next/|favicon.ico).*)'],
};
