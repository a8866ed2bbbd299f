import { and, eq } from 'drizzle-orm';
import { teamMembers, type TeamRole } from '@transferlab/db/schema';
import { requireSession, requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { forbidden, notFound } from '../../errors';
import type { TeamMemberParent } from '../../graphql-parents';
import { requireId } from '../../ids';
import { lastOwner, lockTeamMembership, lockedActorRole } from './membership-lock';

export interface UpdateTeamMemberOptions {
  teamId: string;
  userId: string;
  role: TeamRole;
}

/**
 * Changes a member's role. Admins and owners, signed in; only an owner can change an owner or make one; the
 * last owner cannot be demoted.
 */
export async function updateTeamMember(ctx: ApiContext, { teamId, userId, role }: UpdateTeamMemberOptions): Promise<TeamMemberParent> {
  await requireTeamRole(ctx, requireId(teamId, 'Team'), 'ADMIN');
  const actor = requireSession(ctx, "change team members' roles");
  requireId(userId, 'Team member');

  return ctx.db.transaction(async (tx) => {
    const membership = await lockTeamMembership(tx, teamId, [actor.id, userId]);
    const actorRole = lockedActorRole(membership, actor.id, 'ADMIN');
    const current = membership.roles.get(userId);
    if (!current) throw notFound('Team member');
    if (current === role) return { teamId, userId, role };
    if (actorRole !== 'OWNER' && (current === 'OWNER' || role === 'OWNER')) {
      throw forbidden("Only an OWNER can change an OWNER's role or make someone an OWNER; ask an owner.");
    }
    if (current === 'OWNER' && membership.ownerCount <= 1) throw lastOwner();
    await tx.update(teamMembers).set({ role }).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    await ctx.events.publish({ type: 'membershipChanged', teamId, userId }, tx);
    return { teamId, userId, role };
  });
}
