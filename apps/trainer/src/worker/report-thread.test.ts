import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportEpochDocument, ReportProgressDocument } from '../generated/graphql';
import { ReportThread } from './report-thread';

type Vars = { metric?: { epoch: number }; progress?: { batch: number } };
const ok = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { reportEpoch: true } }));

/** An API stand-in that records what arrives and answers as `answer` says. */
async function fakeApi(answer: (vars: Vars, res: ServerResponse, n: number) => void): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const vars = (JSON.parse(body) as { variables: Vars }).variables;
      seen.push(vars.metric ? `epoch ${vars.metric.epoch}` : `progress ${vars.progress!.batch}`);
      answer(vars, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, seen };
}

const lease = { runId: 'run-1', leaseId: 'lease-1' };
const epoch = (n: number) => ({ ...lease, metric: { phase: 'FEATURE_EXTRACTION' as const, epoch: n, loss: 1, accuracy: 0.5, valLoss: null, valAccuracy: null, learningRate: 0.001, durationMs: 10, imagesPerSecond: 1, at: new Date().toISOString() } });
const progress = (batch: number) => ({ ...lease, progress: { phase: 'FEATURE_EXTRACTION' as const, epoch: 1, epochs: 2, batch, batches: 60 } });

describe('the report thread', () => {
  let server: Server | undefined;
  let thread: ReportThread | undefined;
  afterEach(async () => {
    await thread?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('sends in order, keeps only the newest waiting progress, retries through outages, and never lets progress hold up an epoch', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const api = await fakeApi((_vars, res, n) => {
      if (n === 1) void slow.then(() => ok(res)); // the API answering the first report slowly
      else if (n === 2) res.writeHead(503).end('down'); // then an outage: retried
      else ok(res);
    });
    server = api.server;
    const retries: string[] = [];
    thread = new ReportThread({ graphqlUrl: api.url, token: 'tlw_test', onRetry: (e) => retries.push(e.message) });
    thread.push(ReportEpochDocument, epoch(1));
    for (let batch = 1; batch <= 50; batch++) thread.pushLatest(ReportProgressDocument, progress(batch));
    thread.push(ReportEpochDocument, epoch(2));
    thread.pushLatest(ReportProgressDocument, progress(51));
    // Wait until the first report is at the API, so the rest surely queued behind it.
    while (api.seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    release();
    await thread.drain();
    expect(thread.healthy).toBe(true);
    expect(api.seen).toEqual(['epoch 1', 'progress 50', 'progress 50', 'epoch 2', 'progress 51']);
    expect(retries).toEqual([expect.stringMatching(/HTTP 503/)]);
  });

  it('settles past a refused report, sends nothing after it, says it is no longer healthy, and drain throws it', async () => {
    const api = await fakeApi((_vars, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: null, errors: [{ message: 'This worker no longer holds the lease', extensions: { code: 'CONFLICT', reason: 'LEASE_LOST' } }] })),
    );
    server = api.server;
    thread = new ReportThread({ graphqlUrl: api.url, token: 'tlw_test' });
    thread.push(ReportEpochDocument, epoch(1));
    thread.push(ReportEpochDocument, epoch(2));
    await thread.settled();
    expect(thread.healthy).toBe(false);
    expect(api.seen).toEqual(['epoch 1']);
    await expect(thread.drain()).rejects.toMatchObject({ message: /no longer holds the lease/, codes: ['CONFLICT'], reasons: ['LEASE_LOST'] });
  });

  it('delivers an epoch while the main thread is blocked (as by a training batch)', async () => {
    // The API stand-in runs in a thread of its own and raises a shared flag when the epoch arrives.
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const apiThread = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
      require('node:http').createServer((req, res) => {
        req.resume().on('end', () => {
          Atomics.store(workerData, 0, 1);
          Atomics.notify(workerData, 0);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { reportEpoch: true } }));
        });
      }).listen(0, '127.0.0.1', function () { parentPort.postMessage(this.address().port); });`,
      { eval: true, workerData: flag },
    );
    try {
      const port = await new Promise<number>((resolve) => apiThread.once('message', resolve));
      thread = new ReportThread({ graphqlUrl: `http://127.0.0.1:${port}/graphql`, token: 'tlw_test' });
      thread.push(ReportEpochDocument, epoch(1));
      // Block this thread's event loop until the report arrived (or 60 s, which fails).
      Atomics.wait(flag, 0, 0, 60_000);
      expect(Atomics.load(flag, 0)).toBe(1);
      await thread.drain();
    } finally {
      await apiThread.terminate();
    }
  });
});
