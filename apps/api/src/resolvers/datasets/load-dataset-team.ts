import { eq } from 'drizzle-orm';
import { teams, type Team } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';

/** Dataset.team: whoever reached the dataset may see its team. */
export async function loadDatasetTeam(ctx: ApiContext, teamId: string): Promise<Team> {
  const [team] = await ctx.db.select().from(teams).where(eq(teams.id, teamId)).limit(1);
  if (!team) throw new Error(`Team ${teamId} of a dataset is missing.`);
  return team;
}
