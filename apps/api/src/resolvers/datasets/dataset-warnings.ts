import type { ApiContext } from '../../context';
import { countOversizedImages } from '../../datasets/count-oversized-images';
import { countSharedImages } from '../../datasets/count-shared-images';
import { datasetSummary } from '../../datasets/dataset-summary';
import { describeDatasetWarnings } from '../../datasets/dataset-warnings';

/** Dataset.warnings: what to fix before training. */
export async function datasetWarnings(ctx: ApiContext, datasetId: string): Promise<string[]> {
  const [summary, sharedImages, oversizedImages] = await Promise.all([
    datasetSummary(ctx, datasetId),
    countSharedImages(ctx.db, datasetId),
    countOversizedImages(ctx.db, datasetId, ctx.maxInputPixels),
  ]);
  return describeDatasetWarnings(summary, { sharedImages, oversizedImages, maxInputPixels: ctx.maxInputPixels });
}
