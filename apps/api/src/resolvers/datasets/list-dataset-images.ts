import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { datasetImages, type DatasetImage } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import { characters, TEXT_LIMITS } from '../../text-limits';

const MAX_PAGE = 500;

export interface ListDatasetImagesOptions {
  className?: string | null;
  split?: string | null;
  first: number;
  offset: number;
}

/**
 * Dataset.images: one page, ordered by class (code-point order, as the class list), split, then
 * upload order, so pages are stable on both databases whatever their collation.
 */
export async function listDatasetImages(ctx: ApiContext, datasetId: string, { className, split, first, offset }: ListDatasetImagesOptions): Promise<{ items: DatasetImage[]; total: number }> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badInput(`\`first\` must be between 0 and ${MAX_PAGE}.`);
  if (!Number.isInteger(offset) || offset < 0) throw badInput('`offset` must be 0 or more.');
  if (className != null && characters(className) > TEXT_LIMITS.className) throw badInput(`\`className\` is longer than ${TEXT_LIMITS.className} characters, so no class has it.`);
  if (split != null && split !== 'train' && split !== 'val') throw badInput(`Invalid split '${split}': use "train" or "val".`);

  const filters: SQL[] = [eq(datasetImages.datasetId, datasetId)];
  if (className != null) filters.push(eq(datasetImages.className, className));
  if (split != null) filters.push(eq(datasetImages.split, split));
  const where = and(...filters);

  const [items, [count]] = await Promise.all([
    first === 0
      ? Promise.resolve([])
      : ctx.db
          .select()
          .from(datasetImages)
          .where(where)
          .orderBy(sql`${datasetImages.className} collate "C"`, asc(datasetImages.split), asc(datasetImages.createdAt), asc(datasetImages.fileName), asc(datasetImages.id))
          .limit(first)
          .offset(offset),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(datasetImages).where(where),
  ]);
  return { items, total: Number(count?.total ?? 0) };
}
