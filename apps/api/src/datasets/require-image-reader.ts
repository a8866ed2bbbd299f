import { and, eq } from 'drizzle-orm';
import { datasets, runs, type Dataset } from '@transferlab/db/schema';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { isUuid } from '../ids';
import { requireDataset } from './require-dataset';

/**
 * The dataset whose images the viewer may download: VIEWER+ of its team, or a trainer (worker
 * token) while one of the dataset's runs is RUNNING, which is when a trainer fetches images.
 */
export async function requireImageReader(ctx: ApiContext, id: string): Promise<Dataset> {
  if (ctx.viewer.kind !== 'worker') return requireDataset(ctx, id, 'VIEWER');
  if (!isUuid(id)) throw notFound('Dataset');
  const [row] = await ctx.db
    .select({ dataset: datasets })
    .from(datasets)
    .innerJoin(runs, and(eq(runs.datasetId, datasets.id), eq(runs.status, 'RUNNING')))
    .where(eq(datasets.id, id))
    .limit(1);
  if (!row) throw notFound('Dataset');
  return row.dataset;
}
