import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { datasetImages } from '@transferlab/db/schema';
import type { AppDb } from '@transferlab/db';

/** How many distinct images (by content) are in both the train and the val split of a dataset. */
export async function countSharedImages(db: AppDb, datasetId: string): Promise<number> {
  const val = alias(datasetImages, 'val_images');
  const [row] = await db
    .select({ shared: sql<number>`count(distinct ${datasetImages.sha256})::int` })
    .from(datasetImages)
    .innerJoin(val, and(eq(val.datasetId, datasetImages.datasetId), eq(val.sha256, datasetImages.sha256), eq(val.split, 'val')))
    .where(and(eq(datasetImages.datasetId, datasetId), eq(datasetImages.split, 'train')));
  return Number(row?.shared ?? 0);
}
