import { Worker } from 'node:worker_threads';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { ApiRequestError } from './api-client';
import { POST_GRAPHQL_SOURCE } from './graphql-post-source';

// The thread's side. A report is { seq, query, variables, latest }; each is answered with
// { kind: 'settled', seq, refused? } in order, after retries while the API is unreachable.
// After a refusal nothing more is sent (the run is lost or broken): the rest settle unsent.
const THREAD_SOURCE = POST_GRAPHQL_SOURCE + `
const { parentPort, workerData } = require('node:worker_threads');
const { url, token, timeoutMs } = workerData;
const waiting = [];
let sending = false;
let refused = null;
parentPort.on('message', (report) => {
  const last = waiting[waiting.length - 1];
  // Progress only matters until a newer one exists: it replaces progress still waiting (never one
  // being sent, nor one queued before an epoch), so an epoch never waits behind stale progress.
  if (report.latest && last && last.latest) Object.assign(last, report);
  else waiting.push(report);
  if (!sending) sendWaiting();
});
async function sendWaiting() {
  sending = true;
  while (waiting.length) {
    const report = waiting.shift();
    if (!refused) refused = await deliver(report);
    parentPort.postMessage({ kind: 'settled', seq: report.seq, refused });
  }
  sending = false;
}
async function deliver(report) {
  for (let delay = 250; ; delay = Math.min(delay * 2, 10000)) {
    const answer = await postGraphql(url, token, report.query, report.variables, timeoutMs);
    if (!answer.unavailable) return answer.refused || null;
    parentPort.postMessage({ kind: 'retrying', message: answer.unavailable });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
`;

type ThreadMessage = { kind: 'settled'; seq: number; refused: { message: string; codes: string[]; reasons: string[] } | null } | { kind: 'retrying'; message: string };

/**
 * A run's reports (batch progress, epochs) sent to the API from a worker thread, one at a time and
 * in order, each retried while the API is unreachable. Training blocks the main thread's event
 * loop for whole batches; sent from there, an epoch's report waited for the next epoch's batches
 * and the live chart fell epochs behind. `push` only posts to the thread, so it leaves at once.
 * Reports are idempotent on the API side, so a retry after a lost answer is harmless.
 */
export class ReportThread {
  private readonly worker: Worker;
  private pushed = 0;
  private settledUpTo = 0;
  private refusal: ApiRequestError | null = null;
  private waiters: { seq: number; resolve: () => void }[] = [];

  constructor(options: { graphqlUrl: string; token: string; timeoutMs?: number; onRetry?: (error: Error) => void }) {
    this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { url: options.graphqlUrl, token: options.token, timeoutMs: options.timeoutMs ?? 30_000 } });
    this.worker.on('message', (message: ThreadMessage) => {
      if (message.kind === 'retrying') {
        options.onRetry?.(new Error(message.message));
        return;
      }
      if (message.refused && !this.refusal) this.refusal = new ApiRequestError(message.refused.message, message.refused.codes, message.refused.reasons);
      this.settledUpTo = message.seq;
      this.waiters = this.waiters.filter((w) => (w.seq <= message.seq ? void w.resolve() : true));
      // Keep the process alive only while reports are on their way.
      if (this.settledUpTo === this.pushed) this.worker.unref();
    });
    this.worker.unref();
  }

  /** Queues a report (an epoch's) that must arrive. */
  push<R, V>(document: TypedDocumentNode<R, V>, variables: V): void {
    this.post(document, variables, false);
  }

  /** Queues a report that only matters until a newer one exists (batch progress). */
  pushLatest<R, V>(document: TypedDocumentNode<R, V>, variables: V): void {
    this.post(document, variables, true);
  }

  private post<R, V>(document: TypedDocumentNode<R, V>, variables: V, latest: boolean): void {
    this.worker.ref();
    this.worker.postMessage({ seq: ++this.pushed, query: print(document), variables, latest });
  }

  /** Resolves once every report pushed so far was delivered or refused; never throws. */
  settled(): Promise<void> {
    const seq = this.pushed;
    if (this.settledUpTo >= seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** True while every report so far was delivered (none refused). */
  get healthy(): boolean {
    return this.refusal === null;
  }

  /** Resolves when every report so far was delivered; throws the first report the API refused. */
  async drain(): Promise<void> {
    await this.settled();
    if (this.refusal) throw this.refusal;
  }

  /** Ends the thread; reports still on their way are dropped (drain first to keep them). */
  async stop(): Promise<void> {
    this.waiters.forEach((w) => w.resolve());
    await this.worker.terminate();
  }
}
