import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppDb } from '@transferlab/db';
import { apiTokens, sessions, users, workerTokens, type User } from '@transferlab/db/schema';
import { hashToken, tokenKind } from './tokens';

/** Who is calling: a signed-in user, a tool holding a team's API token, or a trainer. */
export type Viewer =
  | { kind: 'user'; user: User; sessionId: string; sessionExpiresAt: Date }
  | { kind: 'apiToken'; user: User; teamId: string; tokenId: string }
  | { kind: 'worker'; workerTokenId: string; name: string }
  | { kind: 'anonymous' };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/**
 * How stale a credential's lastUsedAt may get. Writing it on every request cost each call a second
 * round trip and a row version; to the minute, a busy credential's row is written once a minute.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

const isStale = (lastUsedAt: Date | null, now: Date) => lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;

/** Resolves an `Authorization` header value (or the socket's connectionParams) to a viewer. */
export async function resolveViewer(db: AppDb, authorization: string | undefined | null): Promise<Viewer> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) return ANONYMOUS;
  const hash = hashToken(token);
  const now = new Date();
  switch (tokenKind(token)) {
    case 'session': {
      const [row] = await db
        .select({ user: users, sessionId: sessions.id, expiresAt: sessions.expiresAt, lastUsedAt: sessions.lastUsedAt })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now)))
        .limit(1);
      if (!row) return ANONYMOUS;
      if (isStale(row.lastUsedAt, now)) await db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, row.sessionId));
      return { kind: 'user', user: row.user, sessionId: row.sessionId, sessionExpiresAt: row.expiresAt };
    }
    case 'api': {
      const [row] = await db
        .select({ user: users, tokenId: apiTokens.id, teamId: apiTokens.teamId, lastUsedAt: apiTokens.lastUsedAt })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.createdBy))
        .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
        .limit(1);
      if (!row) return ANONYMOUS;
      if (isStale(row.lastUsedAt, now)) await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
      return { kind: 'apiToken', user: row.user, teamId: row.teamId, tokenId: row.tokenId };
    }
    case 'worker': {
      const [row] = await db
        .select({ id: workerTokens.id, name: workerTokens.name, lastUsedAt: workerTokens.lastUsedAt })
        .from(workerTokens)
        .where(and(eq(workerTokens.tokenHash, hash), isNull(workerTokens.revokedAt)))
        .limit(1);
      if (!row) return ANONYMOUS;
      if (isStale(row.lastUsedAt, now)) await db.update(workerTokens).set({ lastUsedAt: now }).where(eq(workerTokens.id, row.id));
      return { kind: 'worker', workerTokenId: row.id, name: row.name };
    }
    default:
      return ANONYMOUS;
  }
}
