import type { Request, Response } from 'express';
import type { ApiContext } from '../../context';
import { badInput, notFound } from '../../errors';
import { requireLeasedRun, updateLeasedRun } from '../../runs/lease';
import { requestLease } from './request-lease';
import { MAX_MODEL_FILE_BYTES } from './upload-model';
import { readRawBody } from './read-upload';
import { sendStoredFile } from './send-stored-file';

/**
 * PUT /api/runs/:id/checkpoint (worker token, the claim's X-Lease-Id): the raw bytes of the latest epoch
 * checkpoint, so that the next attempt can resume if this worker dies.
 */
export async function putCheckpoint(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const lease = requestLease(req, ctx);
  const runId = String(req.params.id);
  await requireLeasedRun(ctx.db, runId, lease);
  const bytes = await readRawBody(req, MAX_MODEL_FILE_BYTES);
  if (!bytes.length) throw badInput('The checkpoint is empty: send its bytes as the request body.');
  const sha256 = await ctx.files.put(bytes);
  await updateLeasedRun(ctx.db, runId, lease, { checkpointSha256: sha256 });
  res.status(201).json({ sha256 });
}

/** GET /api/runs/:id/checkpoint (worker token, the claim's X-Lease-Id): the checkpoint an earlier attempt left. */
export async function getCheckpoint(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const run = await requireLeasedRun(ctx.db, String(req.params.id), requestLease(req, ctx));
  if (!run.checkpointSha256) throw notFound('Checkpoint');
  await sendStoredFile(res, ctx, run.checkpointSha256, 'application/octet-stream');
}
