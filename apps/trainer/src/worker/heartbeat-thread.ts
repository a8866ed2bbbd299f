import { Worker } from 'node:worker_threads';
import { print } from 'graphql';
import { HeartbeatDocument } from '../generated/graphql';
import type { RunLease } from './api-client';
import { POST_GRAPHQL_SOURCE } from './graphql-post-source';

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
const THREAD_SOURCE = POST_GRAPHQL_SOURCE + `
const { parentPort, workerData } = require('node:worker_threads');
const { url, token, query, runId, leaseId, intervalMs, endingReasons, endingCodes } = workerData;
let failing = false;
async function beat() {
  const answer = await postGraphql(url, token, query, { runId, leaseId }, Math.max(intervalMs, 5000));
  const refused = answer.refused;
  if (refused && (refused.reasons.some((r) => endingReasons.includes(r)) || refused.codes.some((c) => endingCodes.includes(c)))) {
    parentPort.postMessage({ kind: 'lease-lost', message: refused.message });
  } else if (answer.data && answer.data.heartbeat) {
    if (failing) parentPort.postMessage({ kind: 'beating' });
    failing = false;
    if (answer.data.heartbeat.canceled) parentPort.postMessage({ kind: 'canceled' });
  } else {
    // Any other refusal (a token revoked, say) is reported too; the reports that follow will say more.
    failing = true;
    parentPort.postMessage({ kind: 'unreachable', message: answer.unavailable || (refused ? refused.message : 'the answer carried no heartbeat') });
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
