/**
 * JavaScript source of `postGraphql(url, token, query, variables, timeoutMs)`, for the worker's
 * threads (heartbeats, reports). They run as plain JavaScript (`eval: true`) because the
 * TypeScript loader of the main thread (tsx, or vitest's) does not reach a worker thread.
 *
 * It answers one of:
 * - `{ data }`: the API did it;
 * - `{ unavailable: message }`: unreachable, 5xx, a masked internal error (a database restarting),
 *   or no data: worth retrying;
 * - `{ refused: { message, codes, reasons } }`: the API read the request and said no.
 * The same split as ApiClient.request makes on the main thread.
 */
export const POST_GRAPHQL_SOURCE = `
async function postGraphql(url, token, query, variables, timeoutMs) {
  let res;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = error && error.cause ? String(error.cause) : String((error && error.message) || error);
    return { unavailable: 'Cannot reach the API at ' + url + ': ' + cause };
  }
  const body = await res.json().catch(() => null);
  const errors = (body && body.errors) || [];
  if (res.status > 500) return { unavailable: url + ' answered HTTP ' + res.status + '.' };
  if (errors.length && errors.every((e) => e.extensions && e.extensions.code === 'INTERNAL_SERVER_ERROR')) {
    return { unavailable: 'The API failed internally: ' + errors.map((e) => e.message).join('; ') };
  }
  if (errors.length) {
    return {
      refused: {
        message: errors.map((e) => e.message).join('; '),
        codes: errors.map((e) => (e.extensions && e.extensions.code) || 'UNKNOWN'),
        reasons: errors.flatMap((e) => (e.extensions && e.extensions.reason ? [e.extensions.reason] : [])),
      },
    };
  }
  if (!body || !body.data) return { unavailable: 'The API answered HTTP ' + res.status + ' without data.' };
  return { data: body.data };
}
`;
