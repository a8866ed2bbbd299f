import type { DbExecutor } from '@transferlab/db';
import { sessions } from '@transferlab/db/schema';
import { hashToken, newToken } from '../../auth/tokens';

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** Opens a session for the user and returns its bearer token; only the token's hash is stored. */
export async function startSession(db: DbExecutor, userId: string): Promise<string> {
  const token = newToken('session');
  await db.insert(sessions).values({ userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS) });
  return token;
}
