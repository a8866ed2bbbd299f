import { eq } from 'drizzle-orm';
import { teamMembers, users, type TeamRole } from '@transferlab/db/schema';
import { requireSession, requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { AppError, forbidden } from '../../errors';
import type { TeamMemberParent } from '../../graphql-parents';
import { validEmail } from '../users/credentials';
import { requireId } from '../../ids';
import { lockTeamMembership, lockedActorRole } from './membership-lock';

export interface AddTeamMemberOptions {
  teamId: string;
  email: string;
  role: TeamRole;
}

/** Adds an existing account to the team. Admins and owners, signed in; only an owner can add an owner. */
export async function addTeamMember(ctx: ApiContext, { teamId, email, role }: AddTeamMemberOptions): Promise<TeamMemberParent> {
  const actorRole = await requireTeamRole(ctx, requireId(teamId, 'Team'), 'ADMIN');
  const actor = requireSession(ctx, 'add team members');
  if (role === 'OWNER' && actorRole !== 'OWNER') throw forbidden('Only an OWNER can add an OWNER; add them as ADMIN or lower, or ask an owner.');

  const address = validEmail(email);
  const [user] = await ctx.db.select().from(users).where(eq(users.email, address)).limit(1);
  if (!user) throw new AppError('NOT_FOUND', `No account uses ${address}; ask them to sign up first, then add them again.`);

  return ctx.db.transaction(async (tx) => {
    const membership = await lockTeamMembership(tx, teamId, [actor.id, user.id]);
    const lockedRole = lockedActorRole(membership, actor.id, 'ADMIN');
    if (role === 'OWNER' && lockedRole !== 'OWNER') throw forbidden('Only an OWNER can add an OWNER; add them as ADMIN or lower, or ask an owner.');
    const existing = membership.roles.get(user.id);
    if (existing) throw new AppError('CONFLICT', `${address} is already a member of the team (${existing}); change their role with updateTeamMember.`);
    await tx.insert(teamMembers).values({ teamId, userId: user.id, role });
    return { teamId, userId: user.id, role, user };
  });
}
