import { desc, eq } from 'drizzle-orm';
import { backboneWeights, type BackboneWeights } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';

/** Team.weights, newest first; any member may see and use them. */
export async function listTeamWeights(ctx: ApiContext, teamId: string): Promise<BackboneWeights[]> {
  await requireTeamRole(ctx, teamId, 'VIEWER');
  return ctx.db.select().from(backboneWeights).where(eq(backboneWeights.teamId, teamId)).orderBy(desc(backboneWeights.createdAt), desc(backboneWeights.id));
}
