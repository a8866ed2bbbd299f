import { eq } from 'drizzle-orm';
import { models, runs } from '@transferlab/db/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { readStoredBytes } from '../src/files/file-store';
import {
  apiBase,
  CANCEL_RUN,
  claimRun,
  createImageDataset,
  createTeamFixture,
  epochMetric,
  expectError,
  FAIL_RUN,
  FINISH_RUN,
  getRun,
  HEARTBEAT,
  modelFiles,
  progress,
  putCheckpoint,
  REPORT_EPOCH,
  REPORT_PROGRESS,
  settleLeftoverRuns,
  startRun,
  uploadModel,
} from './runs-fixtures';

interface FinishedView {
  finishRun: { id: string; status: string; finishedAt: string; model: { id: string; name: string; version: number; classes: string[]; imageSize: number; backbone: string; valAccuracy: number; confusionMatrix: number[][] } };
}

describe.each(DB_KINDS)('the worker protocol (%s)', (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  async function queuedRun(input: Record<string, unknown> = {}) {
    const team = await createTeamFixture(api);
    const { dataset, images } = await createImageDataset(api, team, { tulips: 2, daisy: 3 }, 'petals');
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION', ...input });
    return { team, dataset, images, run };
  }

  async function claimed(input: Record<string, unknown> = {}, token = worker) {
    const queued = await queuedRun(input);
    const claim = await claimRun(api, token);
    expect(claim.data?.claimRun?.run.id).toBe(queued.run.id);
    const held = claim.data!.claimRun!;
    return { ...queued, claim: held, lease: { runId: queued.run.id, leaseId: held.leaseId } };
  }

  it('takes a run from claim to a model version over HTTP, and counts versions per name', async () => {
    const { team, dataset, images, run } = await queuedRun({ name: 'flowers' });
    const before = Date.now();
    const claim = (await claimRun(api, worker)).data!.claimRun!;
    expect(claim).toMatchObject({ run: { id: run.id, status: 'RUNNING' }, attempt: 1, checkpointUrl: null, classes: ['daisy', 'tulips'], config: run.config });
    const lease = { runId: run.id, leaseId: claim.leaseId };
    expect(new Date(claim.leaseExpiresAt).getTime()).toBeGreaterThan(before + 50_000);
    expect(claim.images).toHaveLength(images.length);
    for (const image of images) {
      expect(claim.images).toContainEqual({ sha256: image.sha256, className: image.className, split: image.split, url: `${apiBase(api)}/api/worker/images/${image.sha256}` });
    }

    // The worker downloads the images with its token; nobody else can, through this route.
    const image = images[0]!;
    const download = await fetch(`${apiBase(api)}/api/worker/images/${image.sha256}`, { headers: { authorization: `Bearer ${worker}` } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(image.bytes);
    expect((await fetch(`${apiBase(api)}/api/worker/images/${image.sha256}`, { headers: { authorization: `Bearer ${team.owner.token}` } })).status).toBe(403);
    expect((await fetch(`${apiBase(api)}/api/worker/images/${image.sha256}`, { headers: { authorization: `Bearer ${await api.workerToken('other')}` } })).status).toBe(404);

    expect(await api.must(HEARTBEAT, lease, worker)).toMatchObject({ heartbeat: { canceled: false } });
    await api.must(REPORT_PROGRESS, { ...lease, progress: progress(3) }, worker);
    const epochs = [epochMetric('FEATURE_EXTRACTION', 1, 0.6), epochMetric('FEATURE_EXTRACTION', 2, 0.8), epochMetric('FEATURE_EXTRACTION', 2, 0.1), epochMetric('FINE_TUNE', 1, 0.7)];
    // Reported out of order, and epoch 2 twice: the first report of an epoch is the one kept.
    for (const metric of [epochs[3], epochs[0], epochs[1], epochs[2]]) expect(await api.must(REPORT_EPOCH, { ...lease, metric }, worker)).toEqual({ reportEpoch: true });

    const running = await getRun(api, team.viewer.token, run.id);
    expect(running).toMatchObject({ status: 'RUNNING', attempts: 1, progress: progress(3), worker: { name: 'gpu-1', backend: 'tensorflow', device: 'cpu', versions: { tfjs: '4.22.0' }, frozenEngine: null } });
    expect(running.startedAt).not.toBeNull();
    expect(running.metrics.map((m) => [m.phase, m.epoch, m.valAccuracy])).toEqual([
      ['FEATURE_EXTRACTION', 1, 0.6],
      ['FEATURE_EXTRACTION', 2, 0.8],
      ['FINE_TUNE', 1, 0.7],
    ]);
    expect(running.metrics[0]).toMatchObject({ loss: 1, accuracy: 0.6, valLoss: 1.2, learningRate: 0.001, durationMs: 1500, imagesPerSecond: 42.5 });
    expect(running.bestValAccuracy).toBeCloseTo(0.8, 5);

    // No model before its files are uploaded; a bad upload stores nothing.
    expectError(await api.gql(FINISH_RUN, lease, worker), 'BAD_USER_INPUT', /Upload model.json, weights.bin and metadata.json/);
    const badMetadata = await uploadModel(api, lease, worker, modelFiles(['daisy', 'tulips'], { metadata: { classes: ['daisy'] } }));
    expect(badMetadata.status).toBe(400);
    expect(((await badMetadata.json()) as { error: string }).error).toMatch(/metadata.json is not a TransferLab model's metadata/);
    const { 'weights.bin': _weights, ...incomplete } = modelFiles();
    const missing = await uploadModel(api, lease, worker, incomplete);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toMatch(/Missing weights.bin/);
    expect((await uploadModel(api, lease, team.owner.token, modelFiles())).status).toBe(403);
    expect((await api.database.db.select().from(runs).where(eq(runs.id, run.id)))[0]?.modelFiles).toBeNull();

    const files = modelFiles();
    const upload = await uploadModel(api, lease, worker, files);
    expect(upload.status).toBe(201);
    const finished = await api.must<FinishedView>(FINISH_RUN, lease, worker);
    expect(finished.finishRun).toMatchObject({
      status: 'SUCCEEDED',
      model: { name: 'flowers', version: 1, classes: ['daisy', 'tulips'], imageSize: 224, backbone: 'VGG16', valAccuracy: 0.875, confusionMatrix: [[4, 0], [1, 3]] },
    });
    expect(finished.finishRun.finishedAt).not.toBeNull();
    const [model] = await api.database.db.select().from(models).where(eq(models.runId, run.id));
    expect(model?.classMetrics.map((m) => m.name)).toEqual(['daisy', 'tulips']);
    expect(model?.metadata).toMatchObject({ format: 'transferlab-model/1', preprocessing: 'caffe' });
    const stored = model!.files as unknown as Record<string, string>;
    for (const name of ['model.json', 'weights.bin', 'metadata.json'] as const) {
      const bytes = await readStoredBytes(api.server.services.files, stored[name]!);
      expect(bytes).toEqual(files[name]);
    }
    // The finished run takes no more reports.
    expectError(await api.gql(REPORT_EPOCH, { ...lease, metric: epochMetric('FINE_TUNE', 2, 0.9) }, worker), 'CONFLICT', /already SUCCEEDED/);

    // The same name again is version 2; a run without a name is named after its dataset.
    const second = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', name: 'flowers' });
    const third = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE' });
    for (const expected of [{ id: second.id, name: 'flowers', version: 2 }, { id: third.id, name: 'petals', version: 1 }]) {
      const next = (await claimRun(api, worker)).data?.claimRun;
      expect(next?.run.id).toBe(expected.id);
      const nextLease = { runId: expected.id, leaseId: next!.leaseId };
      expect((await uploadModel(api, nextLease, worker, modelFiles())).status).toBe(201);
      const done = await api.must<FinishedView>(FINISH_RUN, nextLease, worker);
      expect(done.finishRun.model).toMatchObject({ name: expected.name, version: expected.version });
    }
  });

  it.each(['RESNET50', 'EFFICIENTNET_B0'])('stores the model of a finished %s run with its backbone (the enum value the migration adds)', async (backbone) => {
    const { run, lease } = await claimed({ backbone });
    const base = JSON.parse(modelFiles()['metadata.json'].toString()) as Record<string, unknown>;
    const metadata = { ...base, backbone, preprocessing: backbone === 'RESNET50' ? 'caffe' : 'none' };
    expect((await uploadModel(api, lease, worker, modelFiles(undefined, { metadata }))).status).toBe(201);
    const finished = await api.must<FinishedView>(FINISH_RUN, lease, worker);
    expect(finished.finishRun).toMatchObject({ status: 'SUCCEEDED', model: { backbone } });
    const [model] = await api.database.db.select().from(models).where(eq(models.runId, run.id));
    expect(model?.backbone).toBe(backbone);
  });

  it('records where the worker runs frozen layers, and refuses an engine it does not know without touching the run', async () => {
    const { team, run } = await queuedRun();
    const bogus = await claimRun(api, worker, 'gpu-1', { frozenEngine: 'cuda' });
    expectError(bogus, 'BAD_USER_INPUT', /worker\.frozenEngine must be one of onnxruntime, tensorflow\.js \(or absent\); got "cuda"/);
    expect(bogus.errors?.[0]?.extensions?.field).toBe('worker.frozenEngine');
    expect(await getRun(api, team.viewer.token, run.id)).toMatchObject({ status: 'QUEUED', attempts: 0, worker: null, startedAt: null });

    expect((await claimRun(api, worker, 'gpu-1', { frozenEngine: 'onnxruntime' })).data?.claimRun?.run.id).toBe(run.id);
    expect((await getRun(api, team.viewer.token, run.id)).worker).toEqual({ name: 'gpu-1', backend: 'tensorflow', device: 'cpu', versions: { tfjs: '4.22.0' }, frozenEngine: 'onnxruntime' });

    const { team: other, run: second } = await queuedRun();
    expect((await claimRun(api, worker, 'gpu-1', { backend: 'tensorflow-gpu', frozenEngine: 'tensorflow.js' })).data?.claimRun?.run.id).toBe(second.id);
    expect((await getRun(api, other.viewer.token, second.id)).worker).toMatchObject({ backend: 'tensorflow-gpu', frozenEngine: 'tensorflow.js' });
  });

  it('gives one queued run to exactly one of two racing workers', async () => {
    const { run } = await queuedRun();
    const other = await api.workerToken('gpu-2');
    const results = await Promise.all([claimRun(api, worker, 'gpu-1'), claimRun(api, other, 'gpu-2')]);
    const winners = results.map((r) => r.data?.claimRun).filter((c) => c);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.run.id).toBe(run.id);
    expect((await claimRun(api, other)).data?.claimRun).toBeNull();
  });

  it('tells the worker about a cancel on its heartbeat, and cancels when the worker acknowledges', async () => {
    const { team, run, lease } = await claimed();
    const marked = await api.must<{ cancelRun: { status: string } }>(CANCEL_RUN, { id: run.id }, team.member.token);
    // Still running until the worker stops.
    expect(marked.cancelRun.status).toBe('RUNNING');
    expect(await api.must(HEARTBEAT, lease, worker)).toMatchObject({ heartbeat: { canceled: true } });
    const ack = await api.must<{ failRun: { status: string; error: string | null; failure: unknown } }>(FAIL_RUN, { ...lease, failure: { code: 'CANCELED', kind: 'user', message: 'Stopped: the run was canceled.' } }, worker);
    expect(ack.failRun).toEqual({ id: run.id, status: 'CANCELED', error: null, failure: null });

    // A canceled run never moves again.
    expectError(await api.gql(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 1, 0.5) }, worker), 'CONFLICT', /already CANCELED.*Stop working on it/);
    expect((await uploadModel(api, lease, worker, modelFiles())).status).toBe(409);
    expectError(await api.gql(FINISH_RUN, lease, worker), 'CONFLICT', /already CANCELED/);
    expectError(await api.gql(HEARTBEAT, lease, worker), 'CONFLICT');
    expectError(await api.gql(CANCEL_RUN, { id: run.id }, team.member.token), 'CONFLICT');
    const view = await getRun(api, team.member.token, run.id);
    expect(view).toMatchObject({ status: 'CANCELED', metrics: [] });
  });

  it('records a classified failure, and a CANCELED code without a cancel request is a failure', async () => {
    const { team, run, lease } = await claimed();
    expectError(await api.gql(FAIL_RUN, { ...lease, failure: { code: 'OOPS', kind: 'cosmic', message: 'x' } }, worker), 'BAD_USER_INPUT', /kind must be one of user, resource, system/);
    const message = 'Out of memory while training. Lower batchSize or imageSize.';
    const failed = await api.must<{ failRun: unknown }>(FAIL_RUN, { ...lease, failure: { code: 'CANCELED', kind: 'resource', message } }, worker);
    expect(failed.failRun).toEqual({ id: run.id, status: 'FAILED', error: message, failure: { code: 'CANCELED', kind: 'resource', message } });
    expectError(await api.gql(FINISH_RUN, lease, worker), 'CONFLICT', /already FAILED/);
    expect(await getRun(api, team.viewer.token, run.id)).toMatchObject({ status: 'FAILED', error: message, failure: { code: 'CANCELED', kind: 'resource', message } });
  });

  it('lets only the lease owner report, and only workers use the protocol', async () => {
    const { team, run, lease } = await claimed();
    const intruder = await api.workerToken('gpu-1'); // same name, different token; knows the lease id
    for (const [query, variables] of [
      [HEARTBEAT, lease],
      [REPORT_PROGRESS, { ...lease, progress: progress(1) }],
      [REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 1, 0.5) }],
      [FINISH_RUN, lease],
      [FAIL_RUN, { ...lease, failure: { code: 'INTERNAL', kind: 'system', message: 'x' } }],
    ] as const) {
      expectError(await api.gql(query, variables, intruder), 'CONFLICT', /no longer holds the lease/);
      expectError(await api.gql(query, variables, team.owner.token), 'FORBIDDEN', /worker token/);
    }
    expectError(await api.gql(HEARTBEAT, { runId: '00000000-0000-0000-0000-000000000000', leaseId: lease.leaseId }, worker), 'NOT_FOUND');
    const malformed = await api.gql(HEARTBEAT, { runId: run.id, leaseId: 'gpu-1' }, worker);
    expectError(malformed, 'BAD_USER_INPUT', /Send the leaseId that claimRun returned/);
    expect(malformed.errors?.[0]?.extensions?.field).toBe('leaseId');
    expectError(await claimRun(api, team.owner.token), 'FORBIDDEN');
    expect(await getRun(api, team.owner.token, run.id)).toMatchObject({ status: 'RUNNING', metrics: [], progress: null });
  });
});

describe.each(DB_KINDS)('leases (%s)', (kind) => {
  const leaseMs = 300;
  let api: TestApi;
  let gpu1: string;
  let gpu2: string;
  beforeAll(async () => {
    // No grace: on a loaded machine a late sweep could look like an outage (lease-grace.test.ts covers it).
    api = await startTestApi(kind, { leaseMs, leaseGraceMs: 0 });
    gpu1 = await api.workerToken('gpu-1');
    gpu2 = await api.workerToken('gpu-2');
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Heartbeats `lease` every third of a lease, as a trainer does, until the returned stop (which
   * waits for the last one) is called: a loaded machine may take longer than a lease between calls.
   */
  function heartbeating(lease: { runId: string; leaseId: string }, token: string): () => Promise<void> {
    let last: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => (last = api.gql(HEARTBEAT, lease, token)), leaseMs / 3);
    const stop = async () => {
      clearInterval(timer);
      beating.delete(stop);
      await last;
    };
    beating.add(stop);
    return stop;
  }
  // Stopped after a test even when it failed before stopping them.
  const beating = new Set<() => Promise<void>>();
  afterEach(() => Promise.all([...beating].map((stop) => stop())));

  it('keeps a run while heartbeats come, requeues it when they stop, and fails it after its last attempt', async () => {
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { a: 1, b: 1 });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE' });
    const first = (await claimRun(api, gpu1)).data?.claimRun;
    expect(first?.attempt).toBe(1);
    const lease = { runId: run.id, leaseId: first!.leaseId };

    // Heartbeats keep the lease past several lease lengths.
    for (let i = 0; i < 6; i++) {
      await sleep(leaseMs / 3);
      await api.must(HEARTBEAT, lease, gpu1);
    }
    expect((await claimRun(api, gpu2)).data?.claimRun).toBeNull();

    // A checkpoint left by attempt 1 is handed to attempt 2.
    // Not ahead of the stored epochs: a checkpoint covering epochs nobody stored is refused.
    const checkpoint = Buffer.from('epoch 3 weights');
    for (const epoch of [1, 2]) await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('BASELINE', epoch, 0.5) }, gpu1);
    const ahead = await putCheckpoint(api, lease, gpu1, checkpoint, 3);
    expect(ahead.status).toBe(409);
    expect(await ahead.json()).toMatchObject({ reason: 'CHECKPOINT_AHEAD', error: expect.stringMatching(/covers 3 epochs but run .* has 2 stored: report those epochs first/) });
    await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('BASELINE', 3, 0.5) }, gpu1);
    const put = await putCheckpoint(api, lease, gpu1, checkpoint, 3);
    expect(put.status).toBe(201);

    await sleep(leaseMs + 100);
    const second = (await claimRun(api, gpu2, 'gpu-2')).data?.claimRun;
    expect(second).toMatchObject({ run: { id: run.id, status: 'RUNNING' }, attempt: 2, checkpointUrl: `${apiBase(api)}/api/runs/${run.id}/checkpoint` });
    const resumed = await fetch(second!.checkpointUrl!, { headers: { authorization: `Bearer ${gpu2}`, 'x-lease-id': second!.leaseId } });
    expect(Buffer.from(await resumed.arrayBuffer())).toEqual(checkpoint);
    // The worker that lost the lease is told to stop, and can no longer report.
    const lost = await api.gql(HEARTBEAT, lease, gpu1);
    expectError(lost, 'CONFLICT', /no longer holds the lease.*Stop working on it/);
    expect(lost.errors?.[0]?.extensions?.reason).toBe('LEASE_LOST');
    expectError(await api.gql(REPORT_EPOCH, { ...lease, metric: epochMetric('BASELINE', 1, 0.5) }, gpu1), 'CONFLICT');
    expect((await fetch(second!.checkpointUrl!, { headers: { authorization: `Bearer ${gpu1}`, 'x-lease-id': lease.leaseId } })).status).toBe(409);
    expect(await getRun(api, team.viewer.token, run.id)).toMatchObject({ attempts: 2, worker: { name: 'gpu-2' }, status: 'RUNNING' });

    await sleep(leaseMs + 100);
    expect((await claimRun(api, gpu1)).data?.claimRun?.attempt).toBe(3);
    // After the third lost lease (max_attempts is 3) the sweeper fails it with the reason.
    await sleep(leaseMs + 100);
    expect((await claimRun(api, gpu2)).data?.claimRun).toBeNull();
    const deadline = Date.now() + 5_000;
    let view = await getRun(api, team.viewer.token, run.id);
    while (view.status === 'RUNNING' && Date.now() < deadline) {
      await sleep(50);
      view = await getRun(api, team.viewer.token, run.id);
    }
    expect(view).toMatchObject({ status: 'FAILED', attempts: 3, failure: { code: 'INTERNAL', kind: 'system' } });
    expect(view.error).toMatch(/lost its worker 3 times.*start the run again/);
    expect(view.finishedAt).not.toBeNull();
  });

  it("fences each claim: a trainer whose claim another trainer on the same token took over is refused, and nothing of its lands", async () => {
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { a: 1, b: 1 });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE' });
    // Trainers A and B share one token, as `--concurrency` and the default set-up do.
    const a = (await claimRun(api, gpu1, 'trainer-a')).data!.claimRun!;
    const leaseA = { runId: run.id, leaseId: a.leaseId };
    await api.must(REPORT_EPOCH, { ...leaseA, metric: epochMetric('BASELINE', 1, 0.5) }, gpu1);
    await sleep(leaseMs + 100);
    const b = (await claimRun(api, gpu1, 'trainer-b')).data!.claimRun!;
    expect(b).toMatchObject({ run: { id: run.id }, attempt: 2 });
    expect(b.leaseId).not.toBe(a.leaseId);
    const leaseB = { runId: run.id, leaseId: b.leaseId };

    for (const [query, variables] of [
      [HEARTBEAT, leaseA],
      [REPORT_PROGRESS, { ...leaseA, progress: progress(4, 'BASELINE') }],
      [REPORT_EPOCH, { ...leaseA, metric: epochMetric('BASELINE', 2, 0.99) }],
      [FINISH_RUN, leaseA],
      [FAIL_RUN, { ...leaseA, failure: { code: 'INTERNAL', kind: 'system', message: 'A gives up' } }],
    ] as const) {
      const refused = await api.gql(query, variables, gpu1);
      expectError(refused, 'CONFLICT', /no longer holds the lease/);
      expect(refused.errors?.[0]?.extensions?.reason).toBe('LEASE_LOST');
    }
    const upload = await uploadModel(api, leaseA, gpu1, modelFiles(['a', 'b']));
    expect(upload.status).toBe(409);
    expect(await upload.json()).toMatchObject({ code: 'CONFLICT', reason: 'LEASE_LOST' });
    const checkpoint = await putCheckpoint(api, leaseA, gpu1, Buffer.from('A after epoch 2'), 1);
    expect(checkpoint.status).toBe(409);
    expect(await checkpoint.json()).toMatchObject({ reason: 'LEASE_LOST' });
    const fetched = await fetch(`${apiBase(api)}/api/runs/${run.id}/checkpoint`, { headers: { authorization: `Bearer ${gpu1}`, 'x-lease-id': a.leaseId } });
    expect(fetched.status).toBe(409);
    // Without a lease id the file routes say what to send.
    const bare = await fetch(`${apiBase(api)}/api/runs/${run.id}/checkpoint`, { method: 'PUT', headers: { authorization: `Bearer ${gpu1}` }, body: 'x' });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: string }).error).toMatch(/X-Lease-Id header/);

    // Nothing of A's after the takeover landed: no progress, epoch, model files, checkpoint or status.
    const [row] = await api.database.db.select().from(runs).where(eq(runs.id, run.id));
    expect(row).toMatchObject({ status: 'RUNNING', progress: null, modelFiles: null, checkpointSha256: null, failure: null, leaseId: b.leaseId });
    expect((await getRun(api, team.viewer.token, run.id)).metrics.map((m) => [m.epoch, m.valAccuracy])).toEqual([[1, 0.5]]);

    // B's claim works.
    await api.must(HEARTBEAT, leaseB, gpu1);
    await api.must(REPORT_EPOCH, { ...leaseB, metric: epochMetric('BASELINE', 2, 0.75) }, gpu1);
    expect((await uploadModel(api, leaseB, gpu1, modelFiles(['a', 'b']))).status).toBe(201);
    expect(await api.must(FINISH_RUN, leaseB, gpu1)).toMatchObject({ finishRun: { status: 'SUCCEEDED' } });
  });

  // A worker reports each epoch, and uploads a checkpoint only of epochs the API stored; killed at
  // any point, the next attempt resumes from the checkpoint, re-reports the epochs it carries and
  // goes on. Whatever the point, the run ends with every epoch exactly once, in order.
  it.each([
    ['before epoch 3 is reported', { reported: 2, checkpointed: 2 }],
    ['after epoch 3 is reported, before its checkpoint', { reported: 3, checkpointed: 2 }],
    ['after the checkpoint of epoch 3', { reported: 3, checkpointed: 3 }],
    ['before any checkpoint', { reported: 1, checkpointed: 0 }],
  ])('a takeover after a kill %s stores every epoch exactly once, in order', async (_point, { reported, checkpointed }) => {
    const total = 5;
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { a: 1, b: 1 });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', epochs: total });
    const a = (await claimRun(api, gpu1, 'doomed')).data!.claimRun!;
    const leaseA = { runId: run.id, leaseId: a.leaseId };
    const stopA = heartbeating(leaseA, gpu1);
    for (let epoch = 1; epoch <= reported; epoch++) {
      await api.must(REPORT_EPOCH, { ...leaseA, metric: epochMetric('BASELINE', epoch, epoch / 10) }, gpu1);
    }
    // Epochs A trained past its last delivered report never reach the API; a checkpoint covering them is refused.
    expect((await putCheckpoint(api, leaseA, gpu1, Buffer.from('ahead'), reported + 1)).status).toBe(409);
    if (checkpointed) expect((await putCheckpoint(api, leaseA, gpu1, Buffer.from(JSON.stringify({ epochs: checkpointed })), checkpointed)).status).toBe(201);

    await stopA();
    await sleep(leaseMs + 100); // A is killed: its lease runs out
    const b = (await claimRun(api, gpu1, 'rescuer')).data!.claimRun!;
    const leaseB = { runId: run.id, leaseId: b.leaseId };
    const stopB = heartbeating(leaseB, gpu1);
    let carried = 0;
    if (b.checkpointUrl) {
      const res = await fetch(b.checkpointUrl, { headers: { authorization: `Bearer ${gpu1}`, 'x-lease-id': b.leaseId } });
      const body = Buffer.from(await res.arrayBuffer()).toString();
      // An answer other than the checkpoint says why (once seen: a refusal, its cause not kept).
      expect(res.status, body).toBe(200);
      carried = (JSON.parse(body) as { epochs: number }).epochs;
    }
    expect(carried).toBe(checkpointed);
    // B re-reports what its checkpoint carries (a no-op for epochs stored already), then trains on.
    for (let epoch = 1; epoch <= total; epoch++) {
      await api.must(REPORT_EPOCH, { ...leaseB, metric: epochMetric('BASELINE', epoch, epoch / 10 + 0.01) }, gpu1);
    }
    expect((await uploadModel(api, leaseB, gpu1, modelFiles(['a', 'b']))).status).toBe(201);
    expect(await api.must(FINISH_RUN, leaseB, gpu1)).toMatchObject({ finishRun: { status: 'SUCCEEDED' } });
    await stopB();
    const metrics = (await getRun(api, team.viewer.token, run.id)).metrics;
    expect(metrics.map((m) => m.epoch)).toEqual([1, 2, 3, 4, 5]);
    // The first report of an epoch is the one kept: A's where A's landed.
    expect(metrics.map((m) => m.valAccuracy)).toEqual([1, 2, 3, 4, 5].map((epoch) => (epoch <= reported ? epoch / 10 : epoch / 10 + 0.01)));
  }, 180_000);

  it('refuses to finish a run whose stored epochs have a gap, naming it', async () => {
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { a: 1, b: 1 });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FINE_TUNE' });
    const claim = (await claimRun(api, gpu1)).data!.claimRun!;
    const lease = { runId: run.id, leaseId: claim.leaseId };
    for (const [phase, epoch] of [['FEATURE_EXTRACTION', 1], ['FEATURE_EXTRACTION', 2], ['FINE_TUNE', 1], ['FINE_TUNE', 3]] as const) {
      await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric(phase, epoch, 0.5) }, gpu1);
    }
    expect((await uploadModel(api, lease, gpu1, modelFiles(['a', 'b']))).status).toBe(201);
    const refused = await api.gql(FINISH_RUN, lease, gpu1);
    expectError(refused, 'CONFLICT', /missing epochs: FINE_TUNE has 2 of epochs 1-3/);
    expect(refused.errors?.[0]?.extensions?.reason).toBe('EPOCHS_MISSING');
    expect((await getRun(api, team.viewer.token, run.id)).status).toBe('RUNNING');
    await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FINE_TUNE', 2, 0.5) }, gpu1);
    expect(await api.must(FINISH_RUN, lease, gpu1)).toMatchObject({ finishRun: { status: 'SUCCEEDED' } });
  });

  it('cancels a running run whose worker vanished once its lease expires', async () => {
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { a: 1, b: 1 });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE' });
    expect((await claimRun(api, gpu1)).data?.claimRun?.run.id).toBe(run.id);
    await api.must(CANCEL_RUN, { id: run.id }, team.member.token);
    const deadline = Date.now() + 5_000;
    let view = await getRun(api, team.viewer.token, run.id);
    while (view.status === 'RUNNING' && Date.now() < deadline) {
      await sleep(50);
      view = await getRun(api, team.viewer.token, run.id);
    }
    expect(view).toMatchObject({ status: 'CANCELED', attempts: 1, error: null });
    // A canceled run is never handed out again.
    expect((await claimRun(api, gpu2)).data?.claimRun).toBeNull();
  });
});
