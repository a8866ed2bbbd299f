import { apiTokens } from '@transferlab/db/schema';
import { requireSession, requireTeamRole } from '../../auth/authorize';
import { hashToken, newToken } from '../../auth/tokens';
import type { ApiContext } from '../../context';
import type { ApiTokenPayload } from '../../generated/graphql';
import { requireId } from '../../ids';
import { validName } from './names';

export interface CreateApiTokenOptions {
  teamId: string;
  name: string;
}

/** A new API token for the team, acting as its creator. The token is returned here, once; only its hash is kept. */
export async function createApiToken(ctx: ApiContext, { teamId, name }: CreateApiTokenOptions): Promise<ApiTokenPayload> {
  await requireTeamRole(ctx, requireId(teamId, 'Team'), 'ADMIN');
  // A token that could mint tokens would outlive its own revocation: revoking a leaked token must end the leak.
  const user = requireSession(ctx, 'create API tokens');
  const tokenName = validName(name, 'API token');
  const token = newToken('api');
  const [row] = await ctx.db.insert(apiTokens).values({ teamId, createdBy: user.id, name: tokenName, tokenHash: hashToken(token) }).returning();
  if (!row) throw new Error('Inserting the API token returned no row.');
  return { token, id: row.id, name: row.name };
}
