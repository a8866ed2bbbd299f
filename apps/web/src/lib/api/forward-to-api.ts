import type { NextRequest } from 'next/server';
import { env } from '@/env';
import { SESSION_COOKIE } from './session-cookie';

const REQUEST_HEADERS = ['content-type', 'accept', 'if-none-match', 'x-request-id'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'cache-control', 'etag', 'x-content-type-options', 'content-disposition'];

/**
 * Sends the browser's request on to the API with the session from the httpOnly cookie as a
 * bearer token, streaming both bodies (uploads and model weights need not fit in memory).
 */
export async function forwardToApi(request: NextRequest, path: string): Promise<Response> {
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (token) headers.set('authorization', `Bearer ${token}`);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(`${env().apiUrl}${path}${request.nextUrl.search}`, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      // Streams the upload instead of buffering it (required by fetch for a stream body).
      ...(hasBody ? { duplex: 'half' } : {}),
      cache: 'no-store',
      redirect: 'manual',
    } as RequestInit);
  } catch (error) {
    const message = `Cannot reach the TransferLab API (${error instanceof Error ? error.message : String(error)}).`;
    return Response.json({ error: message, code: 'UNREACHABLE' }, { status: 502 });
  }
  const responseHeaders = new Headers();
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) responseHeaders.set(name, value);
  }
  return new Response(upstream.status === 304 ? null : upstream.body, { status: upstream.status, headers: responseHeaders });
}
