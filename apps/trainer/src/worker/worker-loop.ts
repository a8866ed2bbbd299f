import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { BackendInfo, FeatureCache, FrozenEngine } from '@transferlab/ml-core';
import { ClaimRunDocument } from '../generated/graphql';
import type { ApiClient } from './api-client';
import type { ImageCache } from './image-cache';
import { retryWhileUnavailable } from './retry';
import { runClaimed } from './run-claimed';

export interface WorkerOptions {
  api: ApiClient;
  name?: string;
  backend: BackendInfo;
  /** Where frozen layers run (frozenEngineInUse), recorded on every run this worker claims. */
  frozenEngine: FrozenEngine;
  images: ImageCache;
  featureCache: FeatureCache;
  weights: { cacheDir: string; baseUrl?: string };
  /** Dataset images declaring more pixels are skipped from their header (ml-core's default otherwise). */
  maxInputPixels?: number;
  /** Runs trained at once by this worker. */
  concurrency: number;
  /** Declared at every claim: the API hands this worker only runs estimated to fit. Undeclared: any run. */
  memoryPerRunMb?: number;
  pollMs: number;
  /** Upper bound on the heartbeat interval (it is also kept under a third of the lease). */
  heartbeatMs: number;
  /** Seconds between checkpoint uploads (0: after every epoch). */
  checkpointSeconds?: number;
  versions: Record<string, string>;
  signal: AbortSignal;
  /** Stop after this many runs (tests, one-shot jobs). */
  maxRuns?: number;
  log: (message: string) => void;
}

/** Claims queued runs and trains them until `signal` aborts; several workers share one queue. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const worker = { name, backend: options.backend.name, device: options.backend.device, versions: options.versions, frozenEngine: options.frozenEngine, memoryMb: options.memoryPerRunMb };
  let started = 0;
  // Each slot holds at most one listener on the signal at a time (its poll's sleep or its retry's),
  // removed when that wait ends; 16 slots sleeping at the same moment are 16 listeners, not a leak.
  setMaxListeners(Math.max(10, options.concurrency + 1), options.signal);
  const slot = async (): Promise<void> => {
    while (!options.signal.aborted && (options.maxRuns === undefined || started < options.maxRuns)) {
      const { claimRun } = await retryWhileUnavailable(() => options.api.request(ClaimRunDocument, { worker }), {
        signal: options.signal,
        onRetry: (e, attempt) => attempt === 1 && options.log(`API unreachable (${e.message}); retrying`),
      });
      if (!claimRun) {
        await sleep(options.pollMs, options.signal);
        continue;
      }
      started++;
      options.log(`claimed run ${claimRun.run.id} (${claimRun.run.strategy}, attempt ${claimRun.attempt})`);
      // Beat three times per lease so one lost heartbeat never costs the lease.
      const leaseLeftMs = Date.parse(claimRun.leaseExpiresAt) - Date.now();
      await runClaimed({ ...options, claimed: claimRun, heartbeatMs: Math.max(100, Math.min(options.heartbeatMs, leaseLeftMs / 3)) });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, slot));
}

/**
 * Waits `ms`, or less if `signal` aborts. Node's timer removes its abort listener when it fires; a
 * listener added per poll and never removed piled up on the worker's one signal
 * (MaxListenersExceededWarning after 11 empty polls).
 */
async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}
