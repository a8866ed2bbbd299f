import { teamMembers, teams, type Team } from '@transferlab/db/schema';
import { requireSession } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { validName } from './names';

/** Creates a team with the caller as its OWNER. */
export async function createTeam(ctx: ApiContext, { name }: { name: string }): Promise<Team> {
  // An API token acts only inside its own team; a team it made would be one it cannot see.
  const user = requireSession(ctx, 'create teams (it works only inside its own team)');
  const teamName = validName(name, 'team');
  return ctx.db.transaction(async (tx) => {
    const [team] = await tx.insert(teams).values({ name: teamName }).returning();
    if (!team) throw new Error('Inserting the team returned no row.');
    await tx.insert(teamMembers).values({ teamId: team.id, userId: user.id, role: 'OWNER' });
    return team;
  });
}
