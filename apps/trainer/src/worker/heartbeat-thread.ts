import { Worker } from 'node:worker_threads';
import { print } from 'graphql';
import { HeartbeatDocument } from '../generated/graphql';

export type HeartbeatEvent = { kind: 'canceled' } | { kind: 'lease-lost'; message: string } | { kind: 'unreachable'; message: string };

// Runs in its own thread: a training batch is one long synchronous computation on the main
// thread, during which no timer there can fire. Heartbeats must not wait for it, or a slow batch
// would cost the run its lease.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, token, query, runId, intervalMs } = workerData;
async function beat() {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query, variables: { runId } }),
      signal: AbortSignal.timeout(Math.max(intervalMs, 5000)),
    });
    const body = await res.json().catch(() => null);
    if (body && body.errors && body.errors.length) {
      parentPort.postMessage({ kind: 'lease-lost', message: body.errors.map((e) => e.message).join('; ') });
    } else if (body && body.data && body.data.heartbeat && body.data.heartbeat.canceled) {
      parentPort.postMessage({ kind: 'canceled' });
    } else if (!body || !body.data) {
      parentPort.postMessage({ kind: 'unreachable', message: 'HTTP ' + res.status });
    }
  } catch (error) {
    parentPort.postMessage({ kind: 'unreachable', message: String(error && error.message || error) });
  }
}
setInterval(beat, intervalMs);
`;

/** Heartbeats a run's lease from a separate thread until stopped; events arrive on the main thread. */
export function startHeartbeatThread(options: { graphqlUrl: string; token: string; runId: string; intervalMs: number; onEvent: (event: HeartbeatEvent) => void }): { stop(): Promise<void> } {
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { url: options.graphqlUrl, token: options.token, query: print(HeartbeatDocument), runId: options.runId, intervalMs: options.intervalMs },
  });
  worker.on('message', options.onEvent);
  worker.unref();
  return { stop: async () => void (await worker.terminate()) };
}
