import { and, eq, inArray } from 'drizzle-orm';
import type { AppTransaction } from '@transferlab/db';
import { teamMembers, teams, type TeamRole } from '@transferlab/db/schema';
import { roleAtLeast } from '../../auth/authorize';
import { AppError, forbidden, notFound } from '../../errors';

export interface TeamMembership {
  /** Role by user id, for the users asked about who are members. */
  roles: Map<string, TeamRole>;
  ownerCount: number;
}

/**
 * Locks the team row until the transaction ends and reads the roles a membership change depends on.
 * Changes to one team's members run one at a time, so two owners demoting each other at once cannot
 * leave the team without an owner, and an admin demoted a moment ago no longer acts as one.
 */
export async function lockTeamMembership(tx: AppTransaction, teamId: string, userIds: string[]): Promise<TeamMembership> {
  await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for('update');
  const rows = await tx
    .select({ userId: teamMembers.userId, role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.userId, userIds)));
  const owners = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'OWNER')));
  return { roles: new Map(rows.map((r) => [r.userId, r.role])), ownerCount: owners.length };
}

/**
 * The caller's role as read under the lock, at least `min`. Checked again here although the caller
 * passed requireTeamRole before the transaction: the role may have changed in between.
 */
export function lockedActorRole(membership: TeamMembership, actorId: string, min: TeamRole): TeamRole {
  const role = membership.roles.get(actorId);
  if (!role) throw notFound('Team');
  if (!roleAtLeast(role, min)) throw forbidden(`This needs the ${min} role or higher in the team; you are ${role}.`);
  return role;
}

export const lastOwner = () =>
  new AppError('CONFLICT', 'This is the last OWNER of the team, and a team always keeps one; make another member OWNER first.');
