import { desc, eq } from 'drizzle-orm';
import { datasets, type Dataset } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';

/** Team.datasets, newest first; VIEWER or above. */
export async function listTeamDatasets(ctx: ApiContext, teamId: string): Promise<Dataset[]> {
  await requireTeamRole(ctx, teamId, 'VIEWER');
  return ctx.db.select().from(datasets).where(eq(datasets.teamId, teamId)).orderBy(desc(datasets.createdAt), desc(datasets.id));
}
