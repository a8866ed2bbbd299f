// The worker-thread pool on its own: queueing, crashes, timeouts, shutdown. Most tests use a
// stand-in worker (predict-crash-worker.ts) that speaks the real protocol; the last one runs the
// real worker, which loads ml-core through tsx inside the thread.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImageDecodeError } from '@transferlab/ml-core';
import { createPredictPool } from '../src/predict/create-predict-pool';
import type { PredictPool } from '../src/predict/predict-pool';
import { createLogger } from '../src/logger';
import { trainTinyModel, type TrainedModel } from './models-fixture';

const STAND_IN = new URL('./predict-crash-worker.ts', import.meta.url);
const SLOW_START = new URL('./predict-slow-start-worker.ts', import.meta.url);
const logger = createLogger('silent');
const job = (text: string, modelId = 'm1') => ({ modelId, modelDir: '/nonexistent', image: new TextEncoder().encode(text), topK: 1 });
const label = async (pending: Promise<{ label: string }[]>) => (await pending)[0]!.label;
const thread = (answer: string) => answer.split('@')[1];

describe('prediction pool', () => {
  const pools: PredictPool[] = [];
  const pool = (threads: number, extra: { timeoutMs?: number; maxQueue?: number; maxQueueBytes?: number; workerEntry?: URL; idleMs?: number; keepOneWhile?: () => Promise<boolean> } = {}) => {
    const created = createPredictPool({ threads, logger, workerEntry: STAND_IN, ...extra });
    pools.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it('starts workers on demand, at most `threads`, and queues requests while all are busy', async () => {
    const p = pool(2);
    expect(p.stats()).toEqual({ workers: 0, busy: 0, queued: 0, queuedBytes: 0, replaced: 0, retired: 0, modelLoads: 0 });
    const pending = ['slow', 'slow', 'slow', 'slow', 'slow'].map((t) => label(p.predict(job(t))));
    expect(p.stats()).toMatchObject({ workers: 2, busy: 2, queued: 3 });
    const answers = await Promise.all(pending);
    expect(new Set(answers.map(thread)).size).toBe(2);
    expect(p.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0 });
  });

  it('fails only the crashed request, and replaces the worker', async () => {
    const p = pool(2);
    const survivor = label(p.predict(job('slow')));
    const crashed = p.predict(job('crash'));
    const queued = label(p.predict(job('after')));
    await expect(crashed).rejects.toThrow(/prediction worker stopped unexpectedly \(the stand-in worker crashed on purpose\)/);
    expect(await survivor).toMatch(/^slow@/);
    expect(await queued).toMatch(/^after@/);
    expect(p.stats()).toMatchObject({ replaced: 1, busy: 0 });
    expect(p.stats().workers).toBeLessThanOrEqual(2);

    await expect(p.predict(job('exit'))).rejects.toThrow(/exit code 3/);
    expect(await label(p.predict(job('still works')))).toMatch(/^still works@/);
    expect(p.stats().replaced).toBe(2);
  });

  it('stops a prediction that takes too long and replaces its worker', async () => {
    const p = pool(1, { timeoutMs: 300 });
    const hung = p.predict(job('hang'));
    const next = label(p.predict(job('next')));
    await expect(hung).rejects.toThrow(/took longer than 0 s and was stopped/);
    expect(await next).toMatch(/^next@/);
    expect(p.stats()).toMatchObject({ replaced: 1, workers: 1 });
  });

  it("does not count a worker's start-up against its first prediction's time", async () => {
    const p = pool(1, { timeoutMs: 300, workerEntry: SLOW_START });
    expect(await label(p.predict(job('first')))).toMatch(/^first@/);
    expect(p.stats()).toMatchObject({ replaced: 0 });
    await expect(p.predict(job('hang'))).rejects.toThrow(/took longer than 0 s and was stopped/);
  });

  it('routes a model to the idle worker that has it loaded', async () => {
    const p = pool(2);
    const [a, b] = await Promise.all([label(p.predict(job('slow', 'model-a'))), label(p.predict(job('slow', 'model-b')))]);
    expect(thread(a)).not.toBe(thread(b));
    // Both workers are idle: model-b goes to the second one, which has it loaded, not the first.
    for (let i = 0; i < 3; i++) expect(thread(await label(p.predict(job('x', 'model-b'))))).toBe(thread(b));
    expect(thread(await label(p.predict(job('x', 'model-a'))))).toBe(thread(a));
  });

  it('ends a worker idle for idleMs, never a busy one, and starts a fresh one for the next request', async () => {
    const p = pool(1, { idleMs: 150 });
    const first = await label(p.predict(job('slow'))); // busy for 300 ms, twice the idle time
    expect(p.stats()).toMatchObject({ workers: 1, retired: 0 });
    // Requests closer together than idleMs keep the same worker.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      expect(thread(await label(p.predict(job('x'))))).toBe(thread(first));
    }
    const until = Date.now() + 5_000;
    while (p.stats().workers > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(p.stats()).toMatchObject({ workers: 0, retired: 1, replaced: 0 });
    const next = await label(p.predict(job('again')));
    expect(thread(next)).not.toBe(thread(first));
    expect(p.stats()).toMatchObject({ workers: 1, retired: 1, replaced: 0 });
  });

  const workersSettleAt = async (p: PredictPool, workers: number) => {
    const until = Date.now() + 5_000;
    while (p.stats().workers !== workers && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(p.stats().workers).toBe(workers);
  };

  it('start() starts one worker when none runs, which then idles out like any', async () => {
    const p = pool(2, { idleMs: 150 });
    p.start();
    p.start();
    expect(p.stats()).toMatchObject({ workers: 1, busy: 0 });
    // The started worker answers the next prediction: no second one is started for it.
    expect(await label(p.predict(job('x')))).toMatch(/^x@/);
    expect(p.stats()).toMatchObject({ workers: 1 });
    await workersSettleAt(p, 0);
    expect(p.stats()).toMatchObject({ retired: 1, replaced: 0 });
  });

  it('keeps the last idle worker while keepOneWhile holds (an error counts as no), and only the last', async () => {
    let keep: boolean | 'error' = true;
    let asked = 0;
    const keepOneWhile = async () => {
      asked++;
      if (keep === 'error') throw new Error('the database is down');
      return keep;
    };
    const p = pool(2, { idleMs: 100, keepOneWhile });
    // Two workers busy at once; once idle, the first to time out goes and the last one stays.
    await Promise.all([p.predict(job('slow')), p.predict(job('slow'))]);
    expect(p.stats().workers).toBe(2);
    await workersSettleAt(p, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(p.stats()).toMatchObject({ workers: 1, retired: 1 });
    expect(asked).toBeGreaterThanOrEqual(3);
    keep = 'error';
    await workersSettleAt(p, 0);
    expect(p.stats()).toMatchObject({ retired: 2, replaced: 0 });
  });

  it('refuses work beyond the queue limit', async () => {
    const p = pool(1, { maxQueue: 2 });
    const accepted = [p.predict(job('slow')), p.predict(job('q1')), p.predict(job('q2'))];
    await expect(p.predict(job('q3'))).rejects.toThrow(/2 predictions are already waiting \(the limit is 2\)/);
    await Promise.all(accepted);
  });

  it('refuses work beyond the queued image bytes, but always takes one image into an empty queue', async () => {
    const p = pool(1, { maxQueueBytes: 10 });
    const running = p.predict(job('slow'));
    const first = p.predict(job('twelve bytes'));
    expect(p.stats()).toMatchObject({ queued: 1, queuedBytes: 12 });
    const refused = p.predict(job('b'));
    await expect(refused).rejects.toThrow(/already waiting for a prediction \(the limit is 0\.00000954 MB\)/);
    await expect(refused).rejects.toMatchObject({ name: 'PredictQueueFullError' });
    await Promise.all([running, first]);
    expect(p.stats()).toMatchObject({ queued: 0, queuedBytes: 0 });
    expect(await label(p.predict(job('b')))).toMatch(/^b@/);
  });

  it('close() fails queued and in-flight predictions and terminates the workers', async () => {
    const p = pool(1);
    const failure = (pending: Promise<unknown>) => pending.then(() => null, (e: unknown) => (e as Error).message);
    const inFlight = failure(p.predict(job('hang')));
    const queued = failure(p.predict(job('q')));
    await new Promise((r) => setTimeout(r, 50));
    expect(p.stats()).toMatchObject({ workers: 1, busy: 1, queued: 1 });
    await p.close();
    expect(await inFlight).toMatch(/shutting down/);
    expect(await queued).toMatch(/shutting down/);
    expect(p.stats()).toMatchObject({ workers: 0, queued: 0 });
    await expect(p.predict(job('late'))).rejects.toThrow(/closed/);
  });
});

describe('prediction pool with the real worker', () => {
  let trained: TrainedModel;
  let pool: PredictPool;
  beforeAll(async () => {
    trained = await trainTinyModel();
    pool = createPredictPool({ threads: 1, logger });
  });
  afterAll(async () => {
    await pool?.close();
    await trained?.dispose();
  });

  it('runs TypeScript ml-core in the thread, and rebuilds ImageDecodeError on this side', async () => {
    const predictions = await pool.predict({ modelId: 'tiny', modelDir: trained.dir, image: trained.images[0]!.bytes, topK: 2 });
    expect(predictions).toHaveLength(2);
    expect(trained.metadata.classes).toContain(predictions[0]!.label);
    const error = await pool.predict({ modelId: 'tiny', modelDir: trained.dir, image: new TextEncoder().encode('plain text'), topK: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).reason).toBe('not an image');
  });

  it('reports a model folder it cannot load as ModelFilesError, without killing the worker', async () => {
    await expect(pool.predict({ modelId: 'missing', modelDir: '/nonexistent/model', image: trained.images[0]!.bytes, topK: 1 })).rejects.toMatchObject({
      name: 'ModelFilesError',
      message: expect.stringMatching(/not a model folder/),
    });
    expect(pool.stats()).toMatchObject({ workers: 1, replaced: 0 });
  });
});
