import type { NextRequest } from 'next/server';
import { forwardToApi } from '@/lib/api/forward-to-api';
import { isSameOrigin } from '@/lib/api/same-origin';

// The browser's GraphQL queries and mutations: forwarded to the API with the session cookie's
// token, so the token stays httpOnly and the API needs no CORS for the dashboard.
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) {
    return Response.json({ errors: [{ message: 'Cross-site requests are refused.', extensions: { code: 'FORBIDDEN' } }] }, { status: 403 });
  }
  return forwardToApi(request, '/graphql');
}
