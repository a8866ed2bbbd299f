import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, teamMembers } from '@transferlab/db/schema';
import { requireSession, requireTeamRole, roleAtLeast } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { forbidden, notFound } from '../../errors';
import { requireId } from '../../ids';
import { lastOwner, lockTeamMembership, lockedActorRole } from './membership-lock';

export interface RemoveTeamMemberOptions {
  teamId: string;
  userId: string;
}

/**
 * Removes a member (signed in only): admins and owners remove others (only an owner removes an owner); anyone may
 * leave; the last owner stays. The API tokens the member created for the team are revoked with it.
 */
export async function removeTeamMember(ctx: ApiContext, { teamId, userId }: RemoveTeamMemberOptions): Promise<boolean> {
  await requireTeamRole(ctx, requireId(teamId, 'Team'), 'VIEWER');
  const actor = requireSession(ctx, 'remove team members');
  requireId(userId, 'Team member');
  const leaving = userId === actor.id;

  return ctx.db.transaction(async (tx) => {
    const membership = await lockTeamMembership(tx, teamId, [actor.id, userId]);
    const actorRole = lockedActorRole(membership, actor.id, 'VIEWER');
    const target = membership.roles.get(userId);
    if (!target) throw notFound('Team member');
    if (!leaving) {
      if (!roleAtLeast(actorRole, 'ADMIN')) throw forbidden(`Removing someone else needs the ADMIN role or higher in the team; you are ${actorRole}.`);
      if (target === 'OWNER' && actorRole !== 'OWNER') throw forbidden('Only an OWNER can remove an OWNER; ask an owner.');
    }
    if (target === 'OWNER' && membership.ownerCount <= 1) throw lastOwner();
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    // Such tokens are already powerless (a token acts with its creator's current role), but they
    // would come back to life if the person were added again.
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.teamId, teamId), eq(apiTokens.createdBy, userId), isNull(apiTokens.revokedAt)));
    // The member's open subscriptions to the team (and their tokens') end at once.
    await ctx.events.publish({ type: 'membershipChanged', teamId, userId }, tx);
    return true;
  });
}
