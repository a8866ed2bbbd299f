import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCache} from '@transferlab/ml-core';
import { CheckpointError, classifyFailure, decodeCheckpoint, encodeCheckpoint, PREDICTIONS_FILE, saveModel, trainClassifier, type EpochMetric, type TrainCheckpoint, type TrainConfigInput } from '@transferlab/ml-core';
import { FailRunDocument, FinishRunDocument, ReportEpochDocument, ReportProgressDocument, type ClaimRunMutation } from '../generated/graphql';
import { ensureClaimedWeights } from './claimed-weights';
import { startHeartbeatThread } from './heartbeat-thread';
import type { ApiClient, RunLease } from './api-client';
import type { ImageCache } from './image-cache';
import { ReportThread } from './report-thread';
import { retryWhileUnavailable } from './retry';

export type ClaimedRun = NonNullable<ClaimRunMutation['claimRun']>;

export interface RunClaimedOptions {
  api: ApiClient;
  claimed: ClaimedRun;
  images: ImageCache;
  featureCache: FeatureCache;
  weights: { cacheDir: string; baseUrl?: string };
  /** Dataset images declaring more pixels are skipped from their header (ml-core's default otherwise). */
  maxInputPixels?: number;
  /** How often to heartbeat; a third of the lease keeps it alive through one missed beat. */
  heartbeatMs: number;
  /** At most this many progress reports a second (batches can be much faster). */
  progressPerSecond?: number;
  /** Upload a checkpoint at the end of an epoch when the last one is at least this old (0: every epoch). */
  checkpointSeconds?: number;
  log: (message: string) => void;
}

export type RunOutcome = 'succeeded' | 'failed' | 'canceled' | 'lost';

/**
 * Trains one claimed run and reports it: batch progress (throttled), one metric row per epoch,
 * heartbeats (which carry cancellation), the model files, and the final status with a
 * classified failure when it fails.
 */
export async function runClaimed(options: RunClaimedOptions): Promise<RunOutcome> {
  const { api, claimed, log } = options;
  const runId = claimed.run.id;
  const lease: RunLease = { runId, leaseId: claimed.leaseId };
  const controller = new AbortController();
  let canceled = false;
  let leaseLost = false;
  let heartbeatFailing = false;
  const reports = new ReportThread({ graphqlUrl: api.graphqlUrl, token: api.token, onRetry: (error) => log(`run ${runId}: API unreachable, will retry reports: ${error.message}`) });

  const heartbeat = startHeartbeatThread({
    graphqlUrl: api.graphqlUrl,
    token: api.token,
    lease,
    intervalMs: options.heartbeatMs,
    onEvent: (event) => {
      if (event.kind === 'canceled' && !canceled) {
        canceled = true;
        log(`run ${runId}: canceled; stopping at the next batch`);
        controller.abort();
      } else if (event.kind === 'lease-lost' && !leaseLost) {
        // The lease went to another claim (or the run ended): stop and report nothing more.
        leaseLost = true;
        log(`run ${runId}: lease lost (${event.message}); stopping`);
        controller.abort();
      } else if (event.kind === 'unreachable' && !heartbeatFailing) {
        // Any other failure (the API down, its database restarting) says nothing about the lease:
        // keep training and beating. The API answers LEASE_LOST if the run was given to another
        // claim meanwhile, and gives a worker back after an outage a grace period to beat again.
        heartbeatFailing = true;
        log(`run ${runId}: heartbeat failed (${event.message}); training goes on and the heartbeat is retried`);
      } else if (event.kind === 'beating' && heartbeatFailing) {
        heartbeatFailing = false;
        log(`run ${runId}: heartbeat answered again`);
      }
    },
  });
  const work = await mkdtemp(join(tmpdir(), `transferlab-run-${runId}-`));
  let lastProgress = 0;
  const reportEpoch = (m: EpochMetric) => reports.push(ReportEpochDocument, { ...lease, metric: { ...m, at: m.at.toISOString() } });
  const minGapMs = 1000 / (options.progressPerSecond ?? 4);

  try {
    const fetched = await options.images.ensure(api, claimed.images);
    log(`run ${runId}: ${claimed.images.length} images (${fetched} downloaded, ${claimed.images.length - fetched} from the cache)`);
    const datasetDir = join(work, 'dataset');
    await options.images.materialize(claimed.images, claimed.classes, datasetDir);
    const starting = await ensureClaimedWeights(api, claimed.weights, options.weights.cacheDir, (message) => log(`run ${runId}: ${message}`));
    const checkpoints = checkpointUploader(options, lease, reports);
    const train = (resume: TrainCheckpoint | undefined) => trainClassifier({
      datasetDir,
      config: claimed.config as TrainConfigInput,
      weights: { ...options.weights, ...(starting.source && { source: starting.source }) },
      maxInputPixels: options.maxInputPixels,
      featureCache: options.featureCache,
      signal: controller.signal,
      resume,
      onCheckpoint: checkpoints.offer,
      callbacks: {
        onBatchEnd: (p) => {
          const now = Date.now();
          const last = p.batch === p.batches;
          if (!last && now - lastProgress < minGapMs) return;
          lastProgress = now;
          reports.pushLatest(ReportProgressDocument, { ...lease, progress: p });
        },
        onEpochEnd: (m: EpochMetric) => reportEpoch(m),
        onLog: (message) => log(`run ${runId}: ${message}`),
      },
    });
    const resume = await previousCheckpoint(options, lease);
    // The epochs the checkpoint carries may never have reached the API (the worker before was
    // killed with reports queued): report them again; the API keeps the first report of an epoch.
    for (const metric of resume?.metrics ?? []) reportEpoch(metric);
    let result: Awaited<ReturnType<typeof trainClassifier>>;
    try {
      result = await train(resume).finally(() => checkpoints.settle());
    } catch (error) {
      // A checkpoint this version cannot use (another model, a damaged file) costs the epochs, not the run.
      if (!(resume && error instanceof CheckpointError)) throw error;
      log(`run ${runId}: ${error.message}`);
      result = await train(undefined).finally(() => checkpoints.settle());
    }
    try {
      if (leaseLost) return 'lost';
      await reports.drain();
      if (canceled || result.end === 'canceled') {
        await retryWhileUnavailable(() => api.request(FailRunDocument, { ...lease, failure: { code: 'CANCELED', kind: 'user', message: 'Canceled.' } }));
        return 'canceled';
      }
      const modelDir = join(work, 'model');
      const metadata = starting.asset ? { ...result.metadata, weights: { ...result.metadata.weights, asset: starting.asset } } : result.metadata;
      await saveModel(modelDir, result.model, metadata, result.predictions);
      const files = Object.fromEntries(
        await Promise.all(['model.json', 'weights.bin', 'metadata.json', PREDICTIONS_FILE].map(async (f) => [f, await readFile(join(modelDir, f))] as const)),
      );
      await retryWhileUnavailable(() => api.uploadModel(lease, files));
      await retryWhileUnavailable(() => api.request(FinishRunDocument, lease));
      log(`run ${runId}: succeeded (val accuracy ${result.metadata.metrics.valAccuracy?.toFixed(3) ?? 'n/a'})`);
      return 'succeeded';
    } finally {
      result.dispose();
    }
  } catch (error) {
    if (leaseLost) return 'lost';
    const failure = classifyFailure(error);
    log(`run ${runId}: failed (${failure.code}): ${failure.message}`);
    await reports.drain().catch(() => undefined);
    await retryWhileUnavailable(() => api.request(FailRunDocument, { ...lease, failure })).catch((e: Error) => log(`run ${runId}: could not report the failure: ${e.message}`));
    return 'failed';
  } finally {
    await Promise.all([heartbeat.stop(), reports.stop()]);
    await rm(work, { recursive: true, force: true });
  }
}

/** The checkpoint an earlier attempt left, if any and if it can be read; the run starts afresh otherwise. */
async function previousCheckpoint(options: RunClaimedOptions, lease: RunLease): Promise<TrainCheckpoint | undefined> {
  const { runId } = lease;
  const url = options.claimed.checkpointUrl;
  if (!url) return undefined;
  try {
    const checkpoint = decodeCheckpoint(await retryWhileUnavailable(() => options.api.download(url, lease)));
    options.log(`run ${runId}: resuming from the checkpoint taken after ${checkpoint.phase} epoch ${checkpoint.epoch}`);
    return checkpoint;
  } catch (error) {
    options.log(`run ${runId}: the previous attempt's checkpoint cannot be used (${(error as Error).message}); starting afresh`);
    return undefined;
  }
}

/**
 * Uploads checkpoints while training goes on: at most one in flight (a newer epoch's waits for
 * no one; it is simply skipped), and no more often than `checkpointSeconds`. Each waits until the
 * reports of the epochs it covers were delivered: a checkpoint ahead of the stored epochs would let
 * the next attempt resume past epochs nobody stored. A failed upload is logged, never fatal: the
 * run only loses the chance to resume from that epoch.
 */
function checkpointUploader(options: RunClaimedOptions, lease: RunLease, reports: ReportThread) {
  const { runId } = lease;
  const everyMs = (options.checkpointSeconds ?? 60) * 1000;
  let last = Date.now();
  let uploading: Promise<void> | null = null;
  return {
    offer: (take: () => TrainCheckpoint) => {
      if (uploading || Date.now() - last < everyMs) return;
      const checkpoint = take();
      const bytes = encodeCheckpoint(checkpoint);
      last = Date.now();
      uploading = reports
        .settled()
        .then(() => {
          if (!reports.healthy) throw new Error('an epoch report was refused, so the API may lack epochs this checkpoint covers');
          return options.api.uploadCheckpoint(lease, bytes, checkpoint.metrics.length);
        })
        .then(
          () => options.log(`run ${runId}: checkpoint after ${checkpoint.phase} epoch ${checkpoint.epoch} stored (${(bytes.length / 1e6).toFixed(1)} MB)`),
          (error: Error) => options.log(`run ${runId}: checkpoint upload failed (${error.message}); training goes on`),
        )
        .finally(() => (uploading = null));
    },
    settle: async () => {
      await uploading;
    },
  };
}
