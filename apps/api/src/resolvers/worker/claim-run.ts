import { asc, eq } from 'drizzle-orm';
import { claimNextRun, graceAfterOutage, leaseClockIsStale } from '@transferlab/db/queries';
import { MAX_TRAINER_MEMORY_MB } from '@transferlab/ml-core/no-tfjs';
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
import { recordTrainer } from '../../runs/trainers';
import { characters, TEXT_LIMITS } from '../../text-limits';

const FROZEN_ENGINES: readonly WorkerFrozenEngine[] = ['onnxruntime', 'tensorflow.js'];

export interface ClaimRunOptions {
  ctx: ApiContext;
  worker: WorkerInfoInput;
}

/**
 * Hands the worker the next waiting run it can hold (or one whose previous worker's lease expired),
 * in the configured claim order, with a lease of `ctx.leaseMs`, and everything it needs to train: the resolved config, the classes in
 * Keras order, and where to download each image with its worker token. Null when the queue is empty.
 */
export async function claimRun({ ctx, worker }: ClaimRunOptions): Promise<ClaimedRunParent | null> {
  const viewer = requireWorker(ctx);
  const info = workerInfo(worker);
  const memoryMb = declaredMemoryMb(worker.memoryMb);
  // Even an empty queue is news: this trainer is alive and can hold runs this large.
  await recordTrainer(ctx.db, { workerTokenId: viewer.workerTokenId, name: info.name, memoryMb });
  const run = await ctx.db.transaction(async (tx) => {
    // Right after an outage the sweeper may not have run yet: grant the grace here first, so no
    // claim takes a run whose worker only could not reach the API.
    if (await leaseClockIsStale(tx, ctx.leaseMs)) await graceAfterOutage(tx, { leaseMs: ctx.leaseMs, graceMs: ctx.leaseGraceMs });
    const claimed = await claimNextRun(tx, { workerName: leaseOwnerOf(viewer), leaseMs: ctx.leaseMs, worker: info, order: ctx.runQueue.claimOrder, memoryMb });
    if (claimed) await publishRunStatus(ctx.events, claimed, tx);
    return claimed;
  });
  if (!run) return null;
  if (!run.leaseId) throw new Error(`claimNextRun handed out run ${run.id} without a lease id.`);
  // The run's model will be asked for the moment it finishes: have a prediction thread ready by then.
  if (ctx.predictWhileTraining) ctx.predict.start();

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
    leaseId: run.leaseId,
    leaseExpiresAt: run.leaseExpiresAt ?? new Date(Date.now() + ctx.leaseMs),
    checkpointUrl: run.checkpointSha256 ? `${ctx.publicUrl}/api/runs/${run.id}/checkpoint` : null,
    weights: await claimedWeights(ctx, run),
  };
}

function declaredMemoryMb(memoryMb: number | null | undefined): number | null {
  if (memoryMb == null) return null;
  const max = MAX_TRAINER_MEMORY_MB;
  if (memoryMb < 1 || memoryMb > max) {
    throw badInput(`worker.memoryMb must be between 1 and ${max} (MB); got ${memoryMb}. Declare the memory this trainer has for one run.`, { field: 'worker.memoryMb' });
  }
  return memoryMb;
}

function workerInfo({ name, backend, device, versions, frozenEngine }: Omit<WorkerInfoInput, 'memoryMb'>): RunWorker {
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
