import type { TeamRole } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';

/** The viewer's role in the team (for an API token: its creator's current role). */
export function myRole(ctx: ApiContext, teamId: string): Promise<TeamRole> {
  return requireTeamRole(ctx, teamId, 'VIEWER');
}
