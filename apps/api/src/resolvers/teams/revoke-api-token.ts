import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, type ApiToken } from '@transferlab/db/schema';
import { requireTeamRole, requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { forbidden, notFound } from '../../errors';
import { requireId } from '../../ids';

/**
 * Revokes an API token (admins and owners of its team, or the token itself): it stops working with
 * the next request. Revoking twice is harmless.
 */
export async function revokeApiToken(ctx: ApiContext, { id }: { id: string }): Promise<ApiToken> {
  requireUser(ctx);
  const [token] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, requireId(id, 'API token'))).limit(1);
  if (!token) throw notFound('API token');
  await requireTeamRole(ctx, token.teamId, 'ADMIN', 'API token');
  // A token may end itself (its holder found it leaked), but not the team's other tokens.
  if (ctx.viewer.kind === 'apiToken' && ctx.viewer.tokenId !== token.id) throw forbidden('An API token can revoke only itself; sign in to revoke other tokens.');
  if (token.revokedAt) return token;
  const revoked = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning();
    // Subscriptions opened with the token end too, on every API process.
    if (row) await ctx.events.publish({ type: 'apiTokenRevoked', tokenId: row.id }, tx);
    return row;
  });
  if (revoked) return revoked;
  // Revoked by someone else in the meantime: answer with their revocation.
  const [current] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  if (!current) throw notFound('API token');
  return current;
}
