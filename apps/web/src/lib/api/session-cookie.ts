/** The httpOnly cookie that holds the session token from signUp/signIn. */
export const SESSION_COOKIE = 'transferlab_session';
/** The team the dashboard opens on; not a secret, so readable by the page. */
export const LAST_TEAM_COOKIE = 'transferlab_team';
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure, maxAge: SESSION_MAX_AGE_SECONDS };
}

/** Secure cookies when the browser came over HTTPS (directly or through a TLS-terminating proxy). */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto');
  return (forwarded ? forwarded.split(',')[0]!.trim() : new URL(request.url).protocol.replace(':', '')) === 'https';
}
