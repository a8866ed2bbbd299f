import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { datasetImages, modelPredictions, runs, type DatasetImage, type Model, type ModelPrediction } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import type { ModelPredictionParent } from '../../graphql-parents';
import type { ModelPredictionOrder, ModelPredictionsArgs, PredictionSplit } from '../../generated/graphql';
import { characters, TEXT_LIMITS } from '../../text-limits';

export const MAX_PREDICTIONS_PAGE = 200;

// The keyset a page ends on: loss first, then split and hash so equal losses still page stably.
interface Cursor {
  loss: number;
  split: ModelPrediction['split'];
  sha256: string;
}

const encodeCursor = (row: ModelPrediction) => Buffer.from(JSON.stringify([row.loss, row.split, row.imageSha256])).toString('base64url');

function decodeCursor(after: string): Cursor {
  try {
    const [loss, split, sha256] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown[];
    if (typeof loss === 'number' && (split === 'val' || split === 'test') && typeof sha256 === 'string') return { loss, split, sha256 };
  } catch {
    // Falls through to the error below.
  }
  throw badInput('`after` is not a cursor this field returned: pass a previous page\'s endCursor.');
}

const SPLITS: Record<PredictionSplit, ModelPrediction['split']> = { VAL: 'val', TEST: 'test' };

/** Rows after the cursor in the page order (loss, then split, then hash, all one way). */
function afterCursor(cursor: Cursor, order: ModelPredictionOrder): SQL {
  const beyond = order === 'LOSS_DESC' ? lt : gt;
  const p = modelPredictions;
  return or(
    beyond(p.loss, cursor.loss),
    and(eq(p.loss, cursor.loss), beyond(p.split, cursor.split)),
    and(eq(p.loss, cursor.loss), eq(p.split, cursor.split), beyond(p.imageSha256, cursor.sha256)),
  )!;
}

/**
 * Model.predictions: one page of the model's per-image predictions, most wrong first by default,
 * filtered to a confusion-matrix cell, a split or a least loss. Each item carries the dataset's
 * image as it is now, fetched for the whole page in one query.
 */
export async function listModelPredictions(ctx: ApiContext, model: Pick<Model, 'id' | 'runId'>, args: ModelPredictionsArgs) {
  const { first, after, trueClass, predictedClass, minLoss, split, orderBy } = args;
  const pageSize = first ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PREDICTIONS_PAGE) throw badInput(`\`first\` must be between 0 and ${MAX_PREDICTIONS_PAGE}.`);
  for (const [name, value] of Object.entries({ trueClass, predictedClass })) {
    if (value != null && characters(value) > TEXT_LIMITS.className) throw badInput(`\`${name}\` is longer than ${TEXT_LIMITS.className} characters, so no class has it.`);
  }
  if (minLoss != null && !Number.isFinite(minLoss)) throw badInput('`minLoss` must be a finite number.');
  const order = orderBy ?? 'LOSS_DESC';

  const p = modelPredictions;
  const filters: SQL[] = [eq(p.modelId, model.id)];
  if (trueClass != null) filters.push(eq(p.trueClass, trueClass));
  if (predictedClass != null) filters.push(eq(p.predictedClass, predictedClass));
  if (minLoss != null) filters.push(gte(p.loss, minLoss));
  if (split != null) filters.push(eq(p.split, SPLITS[split]));
  const where = and(...filters);
  const cursor = after != null ? decodeCursor(after) : null;
  const pageWhere = cursor ? and(where, afterCursor(cursor, order)) : where;
  const direction = order === 'LOSS_DESC' ? desc : asc;

  const [rows, [count], [run]] = await Promise.all([
    pageSize === 0
      ? Promise.resolve([])
      : ctx.db
          .select()
          .from(p)
          .where(pageWhere)
          .orderBy(direction(p.loss), direction(p.split), direction(p.imageSha256))
          .limit(pageSize + 1),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(p).where(where),
    ctx.db.select({ datasetId: runs.datasetId }).from(runs).where(eq(runs.id, model.runId)).limit(1),
  ]);
  if (!run) throw new Error(`Model ${model.id} names run ${model.runId}, which does not exist.`);
  const page = rows.slice(0, pageSize);
  const images = await currentImages(ctx, run.datasetId, page);
  const last = page.at(-1);
  return {
    items: page.map((row): ModelPredictionParent => ({ row, datasetId: run.datasetId, image: images.get(row.imageSha256) ?? null })),
    totalCount: Number(count?.total ?? 0),
    hasNextPage: rows.length > pageSize,
    endCursor: rows.length > pageSize && last ? encodeCursor(last) : null,
  };
}

/** The dataset's images with the page's hashes, by hash. */
async function currentImages(ctx: ApiContext, datasetId: string, page: ModelPrediction[]): Promise<Map<string, DatasetImage>> {
  if (!page.length) return new Map();
  const found = await ctx.db
    .select()
    .from(datasetImages)
    .where(and(eq(datasetImages.datasetId, datasetId), inArray(datasetImages.sha256, [...new Set(page.map((r) => r.imageSha256))])));
  return new Map(found.map((image) => [image.sha256, image]));
}
