import { desc, eq } from 'drizzle-orm';
import { apiTokens, type ApiToken } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';

/** Every API token of the team, newest first, revoked ones included (with `revokedAt`). Admins and owners only. */
export async function listApiTokens(ctx: ApiContext, teamId: string): Promise<ApiToken[]> {
  await requireTeamRole(ctx, teamId, 'ADMIN');
  return ctx.db.select().from(apiTokens).where(eq(apiTokens.teamId, teamId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}
