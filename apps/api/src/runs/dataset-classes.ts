import { count, eq } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { datasetImages } from '@transferlab/db/schema';

/** Class name → number of images (train and val), in Keras' class order: names sorted by code point. */
export async function datasetClassCounts(db: DbExecutor, datasetId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ className: datasetImages.className, images: count() })
    .from(datasetImages)
    .where(eq(datasetImages.datasetId, datasetId))
    .groupBy(datasetImages.className);
  return new Map(rows.sort((a, b) => compareCodePoints(a.className, b.className)).map((r) => [r.className, Number(r.images)]));
}

/** Python's `sorted()` order, which Keras uses for class folders: by code point, not by locale. */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const difference = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (difference) return difference;
  }
  return x.length - y.length;
}
