import type { Request, Response } from 'express';
import type { ApiContext } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { requireLeasedRun, updateLeasedRun } from '../../runs/lease';
import { releaseSupersededCheckpoint } from '../../runs/release-checkpoints';
import { storedEpochCount } from '../../runs/require-whole-epochs';
import { requestLease } from './request-lease';
import { MAX_MODEL_FILE_BYTES } from './upload-model';
import { EMPTY_SHA256 } from '../../files/hashing-stream';
import { limitedBody } from './read-upload';
import { sendStoredFile } from './send-stored-file';

/**
 * PUT /api/runs/:id/checkpoint (worker token, the claim's X-Lease-Id): the raw bytes of the latest epoch
 * checkpoint, so that the next attempt can resume if this worker dies. `X-Checkpoint-Epochs` says how
 * many epochs (all phases) it covers; the API takes it only once it has stored that many.
 */
export async function putCheckpoint(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const lease = requestLease(req, ctx);
  const runId = String(req.params.id);
  const { checkpointSha256: previous } = await requireLeasedRun(ctx.db, runId, lease);
  const covers = coveredEpochs(req);
  // A checkpoint ahead of the stored epochs would let the next attempt resume past epochs nobody
  // stored: the takeover that once lost epochs 3-5 of a run.
  const stored = await storedEpochCount(ctx.db, runId);
  if (stored < covers) {
    throw new AppError('CONFLICT', `This checkpoint covers ${covers} epochs but run ${runId} has ${stored} stored: report those epochs first (reportEpoch), then upload the checkpoint.`, {
      reason: 'CHECKPOINT_AHEAD',
    });
  }
  // Streamed into the store as it arrives (hashed on the way), not held in memory.
  const sha256 = await ctx.files.put(limitedBody(req, MAX_MODEL_FILE_BYTES));
  if (sha256 === EMPTY_SHA256) throw badInput('The checkpoint is empty: send its bytes as the request body.');
  await updateLeasedRun(ctx.db, runId, lease, { checkpointSha256: sha256 });
  // Only the latest checkpoint is ever resumed from.
  await releaseSupersededCheckpoint(ctx, previous, sha256);
  res.status(201).json({ sha256 });
}

/** GET /api/runs/:id/checkpoint (worker token, the claim's X-Lease-Id): the checkpoint an earlier attempt left. */
export async function getCheckpoint(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const run = await requireLeasedRun(ctx.db, String(req.params.id), requestLease(req, ctx));
  if (!run.checkpointSha256) throw notFound('Checkpoint');
  await sendStoredFile(req, res, ctx, run.checkpointSha256, 'application/octet-stream');
}

// Far above any run's epochs (two phases of ml-core's bounded epochs): only a bound on what a header may claim.
const MAX_CHECKPOINT_EPOCHS = 100_000;

/** The X-Checkpoint-Epochs header: how many epochs, all phases together, the checkpoint carries. */
function coveredEpochs(req: Request): number {
  const value = Number(req.get('x-checkpoint-epochs'));
  if (!Number.isInteger(value) || value < 1 || value > MAX_CHECKPOINT_EPOCHS) {
    throw badInput(`Send X-Checkpoint-Epochs: the number of epochs (all phases) the checkpoint covers, 1 to ${MAX_CHECKPOINT_EPOCHS}.`, { field: 'X-Checkpoint-Epochs' });
  }
  return value;
}
