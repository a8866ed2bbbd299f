import { and, eq, gt, isNull } from 'drizzle-orm';
import { apiTokens, sessions } from '@transferlab/db/schema';
import type { ApiContext } from '../context';
import { AppError } from '../errors';

/**
 * Null while the credential the viewer was resolved with still works; otherwise the error to end
 * what it keeps open (a subscription resolved it once, when it started).
 */
export async function credentialEnded(ctx: ApiContext): Promise<AppError | null> {
  const { viewer } = ctx;
  if (viewer.kind === 'user') {
    const [session] = await ctx.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.id, viewer.sessionId), gt(sessions.expiresAt, new Date())))
      .limit(1);
    return session ? null : new AppError('UNAUTHENTICATED', 'Your session ended (signed out or expired); sign in again and subscribe again.');
  }
  if (viewer.kind === 'apiToken') {
    const [token] = await ctx.db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, viewer.tokenId), isNull(apiTokens.revokedAt)))
      .limit(1);
    return token ? null : new AppError('UNAUTHENTICATED', 'This API token was revoked; use another token and subscribe again.');
  }
  return new AppError('UNAUTHENTICATED', 'Sign in first: send `Authorization: Bearer <token>`.');
}
