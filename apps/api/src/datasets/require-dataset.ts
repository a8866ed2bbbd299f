import { eq } from 'drizzle-orm';
import { datasets, type Dataset, type TeamRole } from '@transferlab/db/schema';
import { requireTeamRole, requireUser } from '../auth/authorize';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { isUuid } from '../ids';

/**
 * The dataset, if the viewer has at least `min` in its team. Another team's dataset, a malformed
 * id and a missing dataset all get the same NOT_FOUND; anonymous callers get UNAUTHENTICATED first.
 */
export async function requireDataset(ctx: ApiContext, id: string, min: TeamRole): Promise<Dataset> {
  requireUser(ctx);
  if (!isUuid(id)) throw notFound('Dataset');
  const [dataset] = await ctx.db.select().from(datasets).where(eq(datasets.id, id)).limit(1);
  if (!dataset) throw notFound('Dataset');
  await requireTeamRole(ctx, dataset.teamId, min, 'Dataset');
  return dataset;
}
