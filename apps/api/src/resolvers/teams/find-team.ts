import { eq } from 'drizzle-orm';
import { teams, type Team } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import { requireId } from '../../ids';

/** A team the viewer is a member of; NOT_FOUND otherwise, whether or not it exists. */
export async function findTeam(ctx: ApiContext, { id }: { id: string }): Promise<Team> {
  await requireTeamRole(ctx, requireId(id, 'Team'), 'VIEWER');
  const [team] = await ctx.db.select().from(teams).where(eq(teams.id, id)).limit(1);
  if (!team) throw notFound('Team');
  return team;
}
