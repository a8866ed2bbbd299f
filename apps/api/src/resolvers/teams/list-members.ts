import { asc, eq } from 'drizzle-orm';
import { teamMembers, users } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import type { TeamMemberParent } from '../../graphql-parents';

/** The team's members in the order they joined, each with their user (one query, not one per member). */
export async function listMembers(ctx: ApiContext, teamId: string): Promise<TeamMemberParent[]> {
  // A Team can be reached from other objects too; its member list is for its members only.
  await requireTeamRole(ctx, teamId, 'VIEWER');
  const rows = await ctx.db
    .select({ role: teamMembers.role, user: users })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(teamMembers.createdAt), asc(users.email));
  return rows.map(({ role, user }) => ({ teamId, userId: user.id, role, user }));
}
