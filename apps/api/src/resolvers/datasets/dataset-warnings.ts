import type { ApiContext } from '../../context';
import { countSharedImages } from '../../datasets/count-shared-images';
import { datasetSummary } from '../../datasets/dataset-summary';
import { describeDatasetWarnings } from '../../datasets/dataset-warnings';

/** Dataset.warnings: what to fix before training. */
export async function datasetWarnings(ctx: ApiContext, datasetId: string): Promise<string[]> {
  const [summary, shared] = await Promise.all([datasetSummary(ctx, datasetId), countSharedImages(ctx.db, datasetId)]);
  return describeDatasetWarnings(summary, shared);
}
