import { desc, eq } from 'drizzle-orm';
import { models, type Model } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';

/** Every model version of the team, newest first. */
export async function teamModels(ctx: ApiContext, { teamId }: { teamId: string }): Promise<Model[]> {
  await requireTeamRole(ctx, teamId, 'VIEWER');
  // Version breaks ties between versions created in the same transaction (same now()).
  return ctx.db.select().from(models).where(eq(models.teamId, teamId)).orderBy(desc(models.createdAt), desc(models.version), desc(models.id));
}
