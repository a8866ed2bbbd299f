import { eq, sql } from 'drizzle-orm';
import { datasetImages } from '@transferlab/db/schema';
import type { ApiContext } from '../context';
import { compareCodePoints } from './code-point-order';
import { memoPerRequest } from './request-memo';

export interface ClassCounts {
  name: string;
  trainCount: number;
  valCount: number;
}

export interface DatasetSummary {
  /** Classes that have at least one image, in Keras's class order. */
  classes: ClassCounts[];
  trainCount: number;
  valCount: number;
}

/** Image counts per class and split, read once per request however many fields ask. */
export function datasetSummary(ctx: ApiContext, datasetId: string): Promise<DatasetSummary> {
  return memoPerRequest(ctx, `dataset-summary:${datasetId}`, async () => {
    const rows = await ctx.db
      .select({ className: datasetImages.className, split: datasetImages.split, count: sql<number>`count(*)::int` })
      .from(datasetImages)
      .where(eq(datasetImages.datasetId, datasetId))
      .groupBy(datasetImages.className, datasetImages.split);
    const byName = new Map<string, ClassCounts>();
    for (const { className, split, count } of rows) {
      const counts = byName.get(className) ?? { name: className, trainCount: 0, valCount: 0 };
      if (split === 'train') counts.trainCount += Number(count);
      else counts.valCount += Number(count);
      byName.set(className, counts);
    }
    const classes = [...byName.values()].sort((a, b) => compareCodePoints(a.name, b.name));
    return {
      classes,
      trainCount: classes.reduce((sum, c) => sum + c.trainCount, 0),
      valCount: classes.reduce((sum, c) => sum + c.valCount, 0),
    };
  });
}
