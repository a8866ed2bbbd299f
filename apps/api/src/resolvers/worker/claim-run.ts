import { asc, eq } from 'drizzle-orm';
import { claimNextRun } from '@transferlab/db/queries';
import { datasetImages, type RunWorker, type WorkerFrozenEngine } from '@transferlab/db/schema';
import { requireWorker } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import type { WorkerInfoInput } from '../../generated/graphql';
import type { ClaimedRunParent } from '../../graphql-parents';
import { claimedWeights } from '../../runs/claimed-weights';
import { compareCodePoints } from '../../runs/dataset-classes';
import { leaseOwnerOf } from '../../runs/lease';
import { publishRunStatus } from '../../runs/run-events';
import { characters, TEXT_LIMITS } from '../../text-limits';

const FROZEN_ENGINES: readonly WorkerFrozenEngine[] = ['onnxruntime', 'tensorflow.js'];

export interface ClaimRunOptions {
  ctx: ApiContext;
  worker: WorkerInfoInput;
}

/**
 * Hands the worker the oldest waiting run (or one whose previous worker's lease expired) with a
 * lease of `ctx.leaseMs`, and everything it needs to train: the resolved config, the classes in
 * Keras order, and where to download each image with its worker token. Null when the queue is empty.
 */
export async function claimRun({ ctx, worker }: ClaimRunOptions): Promise<ClaimedRunParent | null> {
  const viewer = requireWorker(ctx);
  const info = workerInfo(worker);
  const run = await ctx.db.transaction(async (tx) => {
    const claimed = await claimNextRun(tx, { workerName: leaseOwnerOf(viewer), leaseMs: ctx.leaseMs, worker: info });
    if (claimed) await publishRunStatus(ctx.events, claimed, tx);
    return claimed;
  });
  if (!run) return null;

  const images = await ctx.db
    .select({ sha256: datasetImages.sha256, className: datasetImages.className, split: datasetImages.split })
    .from(datasetImages)
    .where(eq(datasetImages.datasetId, run.datasetId))
    .orderBy(asc(datasetImages.className), asc(datasetImages.split), asc(datasetImages.sha256));
  const classes = [...new Set(images.map((image) => image.className))].sort(compareCodePoints);
  return {
    run,
    config: run.config,
    classes,
    images: images.map((image) => ({ ...image, url: `${ctx.publicUrl}/api/worker/images/${image.sha256}` })),
    attempt: run.attempts,
    leaseExpiresAt: run.leaseExpiresAt ?? new Date(Date.now() + ctx.leaseMs),
    checkpointUrl: run.checkpointSha256 ? `${ctx.publicUrl}/api/runs/${run.id}/checkpoint` : null,
    weights: await claimedWeights(ctx, run),
  };
}

function workerInfo({ name, backend, device, versions, frozenEngine }: WorkerInfoInput): RunWorker {
  const trimmed = name.trim();
  const max = TEXT_LIMITS.workerLabel;
  if (!trimmed || characters(trimmed) > max) throw badInput(`worker.name must be 1 to ${max} characters, e.g. the host name of the trainer.`);
  for (const [field, value] of [['backend', backend], ['device', device]] as const) {
    if (value != null && characters(value) > max) throw badInput(`worker.${field} is longer than ${max} characters.`, { field: `worker.${field}` });
  }
  if (versions !== undefined && versions !== null && (typeof versions !== 'object' || Array.isArray(versions))) {
    throw badInput('worker.versions must be a JSON object, e.g. { "tfjs": "4.22.0" }.');
  }
  // Checked before the claim: a worker that misreports its engine gets no run rather than a run that misreports it.
  if (frozenEngine != null && !FROZEN_ENGINES.includes(frozenEngine as WorkerFrozenEngine)) {
    throw badInput(`worker.frozenEngine must be one of ${FROZEN_ENGINES.join(', ')} (or absent); got "${frozenEngine.slice(0, 60)}".`, { field: 'worker.frozenEngine' });
  }
  return {
    name: trimmed,
    backend: backend ?? null,
    device: device ?? null,
    versions: (versions as Record<string, unknown> | null | undefined) ?? null,
    frozenEngine: (frozenEngine as WorkerFrozenEngine | null | undefined) ?? null,
  };
}
