import type { NextRequest } from 'next/server';
import { forwardToApi } from '@/lib/api/forward-to-api';
import { isSameOrigin } from '@/lib/api/same-origin';

// Dataset images (upload, zip import, thumbnails) and model files, forwarded to the API's HTTP
// routes with the session cookie's token, and a team's weights uploads. Only these families are exposed here.
const ALLOWED = /^(datasets\/[^/]+\/(images(\/[0-9a-f]{64})?|import)|models\/[^/]+\/(model\.json|weights\.bin|metadata\.json)|teams\/[^/]+\/weights)$/;

async function forward(request: NextRequest, context: { params: Promise<{ path: string[] }> }) {
  const path = (await context.params).path.map(encodeURIComponent).join('/');
  if (!ALLOWED.test(path)) return Response.json({ error: 'Not found.', code: 'NOT_FOUND' }, { status: 404 });
  if (request.method === 'POST' && !isSameOrigin(request)) return Response.json({ error: 'Cross-site requests are refused.', code: 'FORBIDDEN' }, { status: 403 });
  return forwardToApi(request, `/api/${path}`);
}

export const GET = forward;
export const POST = forward;
