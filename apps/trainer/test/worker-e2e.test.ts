import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedTeamWithDataset, startRun, waitForRun } from './e2e/fixtures';
import { startStack, type Stack } from './e2e/stack';

const finished = (r: { status: string }) => ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(r.status);

describe('trainer worker against the real API', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ leaseMs: 3000 });
  });
  afterAll(() => stack.close());

  it('takes a run QUEUED → RUNNING → SUCCEEDED; a subscriber sees every epoch in order; predict answers from the model', async () => {
    const seed = await seedTeamWithDataset(stack);
    const events: { type: string; status?: string; epoch?: number; phase?: string }[] = [];
    const runId = await startRun(stack, seed.token, seed.datasetId, { epochs: 3 });
    const client = stack.ws(seed.token);
    const subscribed = new Promise<void>((resolve, reject) => {
      client.subscribe<{ runEvents: { __typename: string; status?: string; metric?: { epoch: number; phase: string } } }>(
        { query: `subscription ($id: ID!) { runEvents(runId: $id) { __typename ... on RunStatusEvent { status } ... on RunEpochEvent { metric { phase epoch } } } }`, variables: { id: runId } },
        {
          next: ({ data }) => {
            const e = data!.runEvents;
            events.push({ type: e.__typename, status: e.status, epoch: e.metric?.epoch, phase: e.metric?.phase });
            if (e.status === 'SUCCEEDED' || e.status === 'FAILED') resolve();
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    // Subscribe before the worker starts, so every event is live.
    await new Promise((r) => setTimeout(r, 300));
    const worker = stack.startWorker({ name: 'solo', once: true });
    await subscribed;
    expect(await worker.exited).toBe(0);
    const run = await waitForRun(stack, seed.token, runId, finished);
    expect(run.status).toBe('SUCCEEDED');
    expect(events.filter((e) => e.type === 'RunEpochEvent').map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.type === 'RunStatusEvent').map((e) => e.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect((run.metrics as unknown[]).length).toBe(3);
    // The worker records where its frozen layers ran (ONNX Runtime beside WASM, TensorFlow.js where it is native), as it logged.
    const { frozenEngine } = run.worker as { frozenEngine: string | null };
    expect(run.worker).toMatchObject({ name: 'solo', frozenEngine: expect.stringMatching(/^(onnxruntime|tensorflow\.js)$/) });
    expect(worker.output()).toContain(`frozen layers on ${frozenEngine}`);
    const model = run.model as { id: string; classes: string[] };
    expect(model.classes).toEqual(seed.classNames);
    const { predict } = await stack.gql<{ predict: { label: string; probability: number }[] }>(
      'mutation ($m: ID!, $img: String!) { predict(modelId: $m, imageBase64: $img, topK: 2) { label probability } }',
      { m: model.id, img: seed.sampleImage.toString('base64') },
      seed.token,
    );
    expect(predict).toHaveLength(2);
    expect(seed.classNames).toContain(predict[0]!.label);
    expect(predict[0]!.probability).toBeGreaterThanOrEqual(predict[1]!.probability);
    // The upload carried the per-image predictions: one per validation image the model was evaluated on.
    const { model: withPredictions } = await stack.gql<{ model: { confusionMatrix: number[][]; predictions: { totalCount: number; items: { trueClass: string; image: { className: string } | null }[] } } }>(
      'query ($m: ID!) { model(id: $m) { confusionMatrix predictions(first: 200) { totalCount items { trueClass image { className } } } } }',
      { m: model.id },
      seed.token,
    );
    const evaluated = withPredictions.confusionMatrix.flat().reduce((a, b) => a + b, 0);
    expect(withPredictions.predictions.totalCount).toBe(evaluated);
    expect(evaluated).toBeGreaterThan(0);
    // Each names a dataset image by its hash, of the class it was trained as.
    for (const item of withPredictions.predictions.items) expect(item.image?.className).toBe(item.trueClass);
  }, 180_000);

  it('records a run that cannot work as FAILED with a classified, actionable error', async () => {
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: 4 });
    // ImageNet weights cannot be downloaded here: the worker must fail fast with what to do.
    const runId = await startRun(stack, seed.token, seed.datasetId, { pretrained: true });
    // This worker also keeps frozen layers on TensorFlow.js, and the run records that choice.
    const worker = stack.startWorker({ name: 'weights', once: true, env: { TRANSFERLAB_WEIGHTS_BASE_URL: 'http://127.0.0.1:9/keras-applications', TRANSFERLAB_FROZEN_ENGINE: 'tensorflow.js' } });
    const run = await waitForRun(stack, seed.token, runId, finished, 60_000);
    await worker.exited;
    expect(run.status).toBe('FAILED');
    expect(run.worker).toMatchObject({ name: 'weights', frozenEngine: 'tensorflow.js' });
    expect(run.failure).toMatchObject({ code: 'WEIGHTS_UNAVAILABLE', kind: 'resource' });
    expect(String(run.error)).toMatch(/place it at/);
  }, 120_000);


  it('records a bad configuration found by the trainer as FAILED with kind user and the field to fix', async () => {
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: 4 });
    const runId = await startRun(stack, seed.token, seed.datasetId, { strategy: 'FINE_TUNE', unfreezeFrom: 'block9' });
    const worker = stack.startWorker({ name: 'config', once: true });
    const run = await waitForRun(stack, seed.token, runId, finished, 60_000);
    await worker.exited;
    expect(run.status).toBe('FAILED');
    expect(run.failure).toMatchObject({ code: 'BAD_CONFIG', kind: 'user' });
    expect(String(run.error)).toMatch(/unfreezeFrom cannot be 'block9'.*Valid blocks: block1/);
  }, 120_000);

  it('a worker polling an empty queue many times adds no listener per call (no MaxListenersExceededWarning)', async () => {
    // 16 slots polling every 50 ms: a listener per poll on the worker's one abort signal passed
    // Node's limit of 10 within the first round.
    const worker = stack.startWorker({ name: 'idle', args: ['--concurrency', '16', '--poll-ms', '50'] });
    await vi.waitFor(() => expect(worker.output()).toMatch(/worker on .*; API /), { timeout: 60_000, interval: 100 });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).not.toMatch(/MaxListenersExceededWarning|Warning/);
  }, 90_000);

  it('a worker with a wrong token stops with one clear line, not an internal error', async () => {
    const worker = stack.startWorker({ name: 'intruder', once: true, env: { TRANSFERLAB_WORKER_TOKEN: 'tlw_not-a-real-token' } });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/transferlab: the API refused the request: .*Check the worker token/);
    expect(worker.output()).not.toMatch(/internal error|\n\s+at /);
  }, 60_000);
});

describe('a trainer declares its memory (TRANSFERLAB_TRAINER_MEMORY_MB, --memory-mb)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ leaseMs: 3000 });
  });
  afterAll(() => stack.close());

  it('never claims a run estimated above it, and then startRun refuses such runs, naming both numbers', async () => {
    const seed = await seedTeamWithDataset(stack);
    // No trainer seen yet: the API's default memory (6144 MB) admits this small run.
    const runId = await startRun(stack, seed.token, seed.datasetId, { epochs: 1 });
    const worker = stack.startWorker({ name: 'tiny', args: ['--memory-mb', '300'] });
    try {
      await expect.poll(() => worker.output(), { timeout: 60_000 }).toContain('300 MB for runs');
      // It has polled several times by now (every 200 ms) and left the run alone.
      await new Promise((r) => setTimeout(r, 2000));
      expect((await waitForRun(stack, seed.token, runId, () => true)).status).toBe('QUEUED');
      const refused = await stack.gql('mutation ($i: StartRunInput!) { startRun(input: $i) { id } }', { i: { datasetId: seed.datasetId, strategy: 'BASELINE', imageSize: 32, epochs: 1 } }, seed.token).catch((e: Error) => e.message);
      expect(refused).toMatch(/This run needs about [\d,]+ MB of memory on a trainer .* but the largest trainer seen in the last 10 minutes has 300 MB/);
    } finally {
      worker.kill('SIGKILL');
      await worker.exited;
    }
  }, 120_000);
});
