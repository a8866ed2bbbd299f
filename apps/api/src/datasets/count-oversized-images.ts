import { and, eq, sql } from 'drizzle-orm';
import { datasetImages } from '@transferlab/db/schema';
import type { AppDb } from '@transferlab/db';

/**
 * How many of a dataset's images declare more than `maxInputPixels`: stored before the limit was
 * lowered (or under another setting), kept, but skipped by every trainer.
 */
export async function countOversizedImages(db: AppDb, datasetId: string, maxInputPixels: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(datasetImages)
    // bigint: 100000 x 100000 overflows an integer.
    .where(and(eq(datasetImages.datasetId, datasetId), sql`${datasetImages.width}::bigint * ${datasetImages.height} > ${maxInputPixels}`));
  return Number(row?.count ?? 0);
}
