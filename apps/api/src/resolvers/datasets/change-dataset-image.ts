import { and, desc, eq, sql } from 'drizzle-orm';
import { datasetChanges, datasetImages, datasets, type Dataset, type DatasetChange, type DatasetImage } from '@transferlab/db/schema';
import type { AppTransaction } from '@transferlab/db';
import { requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { classNameProblem } from '../../datasets/class-name';
import { requireDataset } from '../../datasets/require-dataset';
import { badInput, notFound } from '../../errors';
import { isUuid } from '../../ids';

export const MAX_CHANGES_PAGE = 200;

/** The image and its dataset, if the viewer is at least a MEMBER of its team (NOT_FOUND otherwise, as for datasets). */
async function requireImageForChange(ctx: ApiContext, imageId: string): Promise<{ image: DatasetImage; dataset: Dataset }> {
  requireUser(ctx);
  if (!isUuid(imageId)) throw notFound('Dataset image');
  const [image] = await ctx.db.select().from(datasetImages).where(eq(datasetImages.id, imageId)).limit(1);
  if (!image) throw notFound('Dataset image');
  const dataset = await requireDataset(ctx, image.datasetId, 'MEMBER');
  return { image, dataset };
}

/** Bumps the dataset's revision and records the change at it, in the caller's transaction. */
async function recordChange(tx: AppTransaction, ctx: ApiContext, image: DatasetImage, change: Pick<DatasetChange, 'kind' | 'toClass'>): Promise<Dataset> {
  const [dataset] = await tx
    .update(datasets)
    .set({ revision: sql`${datasets.revision} + 1` })
    .where(eq(datasets.id, image.datasetId))
    .returning();
  if (!dataset) throw notFound('Dataset');
  await tx.insert(datasetChanges).values({
    datasetId: dataset.id,
    revision: dataset.revision,
    imageSha256: image.sha256,
    split: image.split,
    fromClass: image.className,
    userId: requireUser(ctx).id,
    ...change,
  });
  return dataset;
}

/**
 * moveDatasetImage: the image goes to `className` in its split. When that class already holds the
 * same file in the split, the image simply leaves its class (the dataset keeps one copy).
 */
export async function moveDatasetImage(ctx: ApiContext, { imageId, className }: { imageId: string; className: string }): Promise<DatasetImage> {
  const { image } = await requireImageForChange(ctx, imageId);
  const target = className.trim();
  const problem = classNameProblem(target);
  if (problem) throw badInput(`Invalid \`className\`: ${problem}.`);
  if (target === image.className) throw badInput(`The image is already in class "${target}".`);
  return ctx.db.transaction(async (tx) => {
    const [copy] = await tx
      .select()
      .from(datasetImages)
      .where(and(eq(datasetImages.datasetId, image.datasetId), eq(datasetImages.split, image.split), eq(datasetImages.className, target), eq(datasetImages.sha256, image.sha256)))
      .limit(1);
    const moved = copy
      ? (await tx.delete(datasetImages).where(eq(datasetImages.id, image.id)), copy)
      : (await tx.update(datasetImages).set({ className: target }).where(eq(datasetImages.id, image.id)).returning())[0];
    if (!moved) throw notFound('Dataset image');
    await recordChange(tx, ctx, image, { kind: 'RELABEL', toClass: target });
    return moved;
  });
}

/** deleteDatasetImage: removes the image from its dataset (the file stays while anything else names it). */
export async function deleteDatasetImage(ctx: ApiContext, { imageId }: { imageId: string }): Promise<Dataset> {
  const { image } = await requireImageForChange(ctx, imageId);
  return ctx.db.transaction(async (tx) => {
    const [gone] = await tx.delete(datasetImages).where(eq(datasetImages.id, image.id)).returning({ id: datasetImages.id });
    if (!gone) throw notFound('Dataset image');
    return recordChange(tx, ctx, image, { kind: 'DELETE', toClass: null });
  });
}

/** Dataset.changes: newest first. */
export async function listDatasetChanges(ctx: ApiContext, datasetId: string, first: number | null | undefined): Promise<DatasetChange[]> {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 0 || size > MAX_CHANGES_PAGE) throw badInput(`\`first\` must be between 0 and ${MAX_CHANGES_PAGE}.`);
  return ctx.db.select().from(datasetChanges).where(eq(datasetChanges.datasetId, datasetId)).orderBy(desc(datasetChanges.revision)).limit(size);
}
