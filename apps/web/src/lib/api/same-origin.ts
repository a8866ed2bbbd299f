/**
 * Whether a state-changing request came from this dashboard's own pages. Browsers send Origin on
 * every cross-origin POST, so a request from another site is refused even before SameSite=Lax
 * would keep the session cookie off it. Tools without an Origin header (curl) pass: they carry no
 * browser cookies to abuse.
 */
export function isSameOrigin(request: Request): boolean {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = request.headers.get('origin');
  if (!origin) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
