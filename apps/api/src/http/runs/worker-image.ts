import type { Request, Response } from 'express';
import { and, eq } from 'drizzle-orm';
import { datasetImages, runs } from '@transferlab/db/schema';
import { requireWorker } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import { leaseOwnerOf } from '../../runs/lease';
import { sendStoredFile } from './send-stored-file';

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp', webp: 'image/webp' };

/**
 * GET /api/worker/images/:sha256 (worker token): an image of a dataset that a run this worker holds
 * trains on; this is the only way a worker reads images.
 */
export async function workerImage(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const owner = leaseOwnerOf(requireWorker(ctx));
  const sha256 = String(req.params.sha256);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw notFound('Image');
  const [image] = await ctx.db
    .select({ fileName: datasetImages.fileName })
    .from(datasetImages)
    .innerJoin(runs, eq(runs.datasetId, datasetImages.datasetId))
    // Held as the lease module holds runs (running, this lease owner), so a worker whose heartbeat
    // was late but still owns the run can fetch what its reports are accepted for.
    .where(and(eq(datasetImages.sha256, sha256), eq(runs.status, 'RUNNING'), eq(runs.leaseOwner, owner)))
    .limit(1);
  if (!image) throw notFound('Image');
  const extension = image.fileName.split('.').pop()?.toLowerCase() ?? '';
  await sendStoredFile(req, res, ctx, sha256, CONTENT_TYPES[extension] ?? 'application/octet-stream');
}
