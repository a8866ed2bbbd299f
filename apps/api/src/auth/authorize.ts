import { and, eq } from 'drizzle-orm';
import { teamMembers, type TeamRole, type User } from '@transferlab/db/schema';
import type { ApiContext } from '../context';
import { AppError, forbidden, notFound } from '../errors';
import type { Viewer } from './viewer';

const RANK: Record<TeamRole, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

export function roleAtLeast(role: TeamRole, min: TeamRole): boolean {
  return RANK[role] >= RANK[min];
}

/** The person behind the request (a user, or the creator of the API token in use). */
export function requireUser(ctx: ApiContext): User {
  const v = ctx.viewer;
  if (v.kind === 'user' || v.kind === 'apiToken') return v.user;
  throw new AppError('UNAUTHENTICATED', v.kind === 'worker' ? 'A worker token cannot do this; use a user session or API token.' : 'Sign in first: send `Authorization: Bearer <token>`.');
}

/**
 * The user of a signed-in session. For what grants or removes access (members, tokens, teams): an
 * API token that could do it would let a leaked token outlive its own revocation.
 */
export function requireSession(ctx: ApiContext, what: string): User {
  const user = requireUser(ctx);
  if (ctx.viewer.kind !== 'user') throw forbidden(`An API token cannot ${what}; sign in and do it with a session.`);
  return user;
}

export function requireWorker(ctx: ApiContext): Extract<Viewer, { kind: 'worker' }> {
  if (ctx.viewer.kind !== 'worker') throw new AppError('FORBIDDEN', 'Only a trainer with a worker token can do this.');
  return ctx.viewer;
}

/** The viewer's role in a team, or null; an API token only ever sees its own team. */
export async function teamRole(ctx: ApiContext, teamId: string): Promise<TeamRole | null> {
  const v = ctx.viewer;
  if (v.kind !== 'user' && v.kind !== 'apiToken') return null;
  if (v.kind === 'apiToken' && v.teamId !== teamId) return null;
  const [row] = await ctx.db
    .select({ role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, v.user.id)))
    .limit(1);
  return row?.role ?? null;
}

/**
 * Requires at least `min` in the team. Non-members get NOT_FOUND, as if the team (and whatever
 * was asked for in it) did not exist: another team's ids reveal nothing.
 */
export async function requireTeamRole(ctx: ApiContext, teamId: string, min: TeamRole, what = 'Team'): Promise<TeamRole> {
  requireUser(ctx);
  const role = await teamRole(ctx, teamId);
  if (!role) throw notFound(what);
  if (!roleAtLeast(role, min)) throw forbidden(`This needs the ${min} role or higher in the team; you are ${role}.`);
  return role;
}
