import { Worker } from 'node:worker_threads';
import { print } from 'graphql';
import { HeartbeatDocument } from '../generated/graphql';
import type { RunLease } from './api-client';

export type HeartbeatEvent = { kind: 'canceled' } | { kind: 'lease-lost'; message: string } | { kind: 'unreachable'; message: string } | { kind: 'beating' };

/**
 * The refusals after which the run is someone else's (or no one's): LEASE_LOST (another claim holds
 * it), RUN_FINISHED (canceled, failed or finished meanwhile), NOT_FOUND (gone). Anything else, an
 * INTERNAL error while the database restarts included, says nothing about the lease: beat again.
 */
export const LEASE_ENDING_REASONS = ['LEASE_LOST', 'RUN_FINISHED'] as const;
export const LEASE_ENDING_CODES = ['NOT_FOUND'] as const;

// Runs in its own thread: a training batch is one long synchronous computation on the main
// thread, during which no timer there can fire. Heartbeats must not wait for it, or a slow batch
// would cost the run its lease.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, token, query, runId, leaseId, intervalMs, endingReasons, endingCodes } = workerData;
let failing = false;
async function beat() {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query, variables: { runId, leaseId } }),
      signal: AbortSignal.timeout(Math.max(intervalMs, 5000)),
    });
    const body = await res.json().catch(() => null);
    const errors = (body && body.errors) || [];
    const ending = errors.find((e) => e.extensions && (endingReasons.includes(e.extensions.reason) || endingCodes.includes(e.extensions.code)));
    if (ending) {
      parentPort.postMessage({ kind: 'lease-lost', message: ending.message });
    } else if (body && body.data && body.data.heartbeat) {
      if (failing) parentPort.postMessage({ kind: 'beating' });
      failing = false;
      if (body.data.heartbeat.canceled) parentPort.postMessage({ kind: 'canceled' });
    } else {
      failing = true;
      const why = errors.length ? errors.map((e) => e.message).join('; ') : 'HTTP ' + res.status;
      parentPort.postMessage({ kind: 'unreachable', message: why });
    }
  } catch (error) {
    failing = true;
    parentPort.postMessage({ kind: 'unreachable', message: String(error && error.message || error) });
  }
}
// One beat at a time: against a slow API, overlapping beats would pile up and answer out of order.
function next() {
  setTimeout(() => beat().then(next), intervalMs);
}
next();
`;

/** Heartbeats a run's lease from a separate thread until stopped; events arrive on the main thread. */
export function startHeartbeatThread(options: { graphqlUrl: string; token: string; lease: RunLease; intervalMs: number; onEvent: (event: HeartbeatEvent) => void }): { stop(): Promise<void> } {
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: {
      url: options.graphqlUrl,
      token: options.token,
      query: print(HeartbeatDocument),
      runId: options.lease.runId,
      leaseId: options.lease.leaseId,
      intervalMs: options.intervalMs,
      endingReasons: LEASE_ENDING_REASONS,
      endingCodes: LEASE_ENDING_CODES,
    },
  });
  worker.on('message', options.onEvent);
  worker.unref();
  return { stop: async () => void (await worker.terminate()) };
}
