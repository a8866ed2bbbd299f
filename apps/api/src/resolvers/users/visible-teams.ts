import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { teamMembers, teams, type Team } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';

/**
 * The teams of `userId` that the viewer may see: teams the viewer is in too, and for an API token
 * only the token's own team. A worker sees none.
 */
export async function visibleTeamsOf(ctx: ApiContext, userId: string): Promise<Team[]> {
  const { viewer } = ctx;
  if (viewer.kind !== 'user' && viewer.kind !== 'apiToken') return [];
  const viewerMembership = alias(teamMembers, 'viewer_membership');
  const rows = await ctx.db
    .select({ team: teams })
    .from(teams)
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.userId, userId)))
    .innerJoin(viewerMembership, and(eq(viewerMembership.teamId, teams.id), eq(viewerMembership.userId, viewer.user.id)))
    .where(viewer.kind === 'apiToken' ? eq(teams.id, viewer.teamId) : undefined)
    .orderBy(asc(teams.name), asc(teams.id));
  return rows.map((r) => r.team);
}
