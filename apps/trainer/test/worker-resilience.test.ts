import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedTeamWithDataset, startRun, waitForRun } from './e2e/fixtures';
import { startStack, type Stack } from './e2e/stack';

const finished = (r: { status: string }) => ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(r.status);
// Augmentation makes every epoch recompute the backbone, so a run lasts long enough to interrupt.
const LONG_RUN = { epochs: 30, augmentation: { flip: true } };

describe('trainer workers: sharing, cancellation and crashes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ leaseMs: 6000 });
  });
  afterAll(() => stack.close());

  it('two workers never take the same run', async () => {
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: 6 });
    const runIds: string[] = [];
    for (let i = 0; i < 4; i++) runIds.push(await startRun(stack, seed.token, seed.datasetId, { epochs: 2, name: `r${i}` }));
    const a = stack.startWorker({ name: 'alpha' });
    const b = stack.startWorker({ name: 'beta' });
    const runs: Awaited<ReturnType<typeof waitForRun>>[] = [];
    for (const id of runIds) runs.push(await waitForRun(stack, seed.token, id, finished, 120_000));
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // Each run was claimed once: one attempt, one worker, one metric row per epoch.
    expect(runs.map((r) => r.attempts)).toEqual([1, 1, 1, 1]);
    expect(runs.every((r) => (r.metrics as unknown[]).length === 2)).toBe(true);
    const claims = [a.output(), b.output()].map((log) => runIds.filter((id) => log.includes(`claimed run ${id}`)));
    expect(claims[0]!.filter((id) => claims[1]!.includes(id))).toEqual([]);
    expect(claims[0]!.length + claims[1]!.length).toBe(4);
  }, 180_000);

  it('cancel stops a running run at the next heartbeat and marks it CANCELED', async () => {
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: 8 });
    const runId = await startRun(stack, seed.token, seed.datasetId, LONG_RUN);
    const worker = stack.startWorker({ name: 'cancel', once: true });
    await waitForRun(stack, seed.token, runId, (r) => r.status === 'RUNNING' && ((r as { metrics?: unknown[] }).metrics?.length ?? 0) >= 1);
    await stack.gql('mutation ($id: ID!) { cancelRun(id: $id) { id } }', { id: runId }, seed.token);
    const run = await waitForRun(stack, seed.token, runId, finished, 30_000);
    expect(run.status).toBe('CANCELED');
    expect((run.metrics as unknown[]).length).toBeLessThan(30);
    expect(await worker.exited).toBe(0);
  }, 120_000);

  it('a worker killed mid-run loses nothing: the lease expires and another worker resumes the run from its checkpoint', async () => {
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: 8 });
    const runId = await startRun(stack, seed.token, seed.datasetId, { ...LONG_RUN, epochs: 12 });
    const first = stack.startWorker({ name: 'doomed', args: ['--checkpoint-seconds', '0'] });
    const midway = await waitForRun(stack, seed.token, runId, (r) => ((r as { metrics?: unknown[] }).metrics?.length ?? 0) >= 2);
    await vi.waitFor(() => expect(first.output()).toMatch(/checkpoint after FEATURE_EXTRACTION epoch \d+ stored/), { timeout: 60_000, interval: 100 });
    first.kill('SIGKILL');
    const reportedBeforeCrash = (midway.metrics as { epoch: number }[]).map((m) => m.epoch);
    const second = stack.startWorker({ name: 'rescuer', once: true });
    const run = await waitForRun(stack, seed.token, runId, finished, 150_000);
    await second.exited;
    expect(run.status).toBe('SUCCEEDED');
    expect(run.attempts).toBe(2);
    expect(run.worker).toMatchObject({ name: 'rescuer' });
    // Every epoch is stored exactly once, including those the dead worker had reported.
    const epochs = (run.metrics as { epoch: number }[]).map((m) => m.epoch);
    expect(epochs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(epochs).toEqual(expect.arrayContaining(reportedBeforeCrash));
    // The rescuer carried on from the dead worker's last checkpoint (one stored after the kill
    // was decided may not have made it into its log), not from epoch 1.
    const stored = [...first.output().matchAll(/checkpoint after FEATURE_EXTRACTION epoch (\d+) stored/g)].map((m) => Number(m[1]));
    const resumedAfter = Number(/resuming from the checkpoint taken after FEATURE_EXTRACTION epoch (\d+)/.exec(second.output())?.[1]);
    expect(resumedAfter).toBeGreaterThanOrEqual(stored.at(-1)!);
    expect(second.output()).not.toMatch(/starting afresh/);
  }, 240_000);

  it('an API restart mid-run does not fail the run: reports are retried until it is back', async () => {
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: 8 });
    const runId = await startRun(stack, seed.token, seed.datasetId, { ...LONG_RUN, epochs: 10 });
    const worker = stack.startWorker({ name: 'steady', once: true });
    await waitForRun(stack, seed.token, runId, (r) => ((r as { metrics?: unknown[] }).metrics?.length ?? 0) >= 1);
    await stack.stopApi();
    await new Promise((r) => setTimeout(r, 1000));
    await stack.restartApi();
    const run = await waitForRun(stack, seed.token, runId, finished, 150_000);
    await worker.exited;
    expect(run.status).toBe('SUCCEEDED');
    expect(run.attempts).toBe(1);
    expect((run.metrics as { epoch: number }[]).map((m) => m.epoch)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(worker.output()).toMatch(/API unreachable/);
  }, 240_000);
});
