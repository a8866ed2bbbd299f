import { eq, sql } from 'drizzle-orm';
import { runs, trainers } from '@transferlab/db/schema';
import { estimateRunMemory, resolveTrainConfig } from '@transferlab/ml-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { claimRun, createImageDataset, createTeamFixture, expectError, HEARTBEAT, settleLeftoverRuns, startRun, type TeamFixture } from './runs-fixtures';

const START = 'mutation ($input: StartRunInput!) { startRun(input: $input) { id } }';
const CLASSES = { daisy: 3, tulips: 2 };
const IMAGES = 7; // three and two training images, one validation image each
const DEFAULT_MEMORY_MB = 3000;

/** What ml-core estimates for a run of the fixture dataset: the number the API must name. */
const estimateOf = (input: Record<string, unknown>) =>
  estimateRunMemory(resolveTrainConfig({ strategy: 'FINE_TUNE', ...input } as never), { numClasses: 2, imageCount: IMAGES }).peakMb;
const mb = (n: number) => `${n.toLocaleString('en-US')} MB`;

describe.each(DB_KINDS)('the memory a run needs and the trainers that have it (%s)', (kind) => {
  let api: TestApi;
  let team: TeamFixture;
  let datasetId: string;
  beforeAll(async () => {
    api = await startTestApi(kind, { runQueue: { defaultTrainerMemoryMb: DEFAULT_MEMORY_MB, trainerSeenMinutes: 5 } });
    team = await createTeamFixture(api);
    ({ dataset: { id: datasetId } } = await createImageDataset(api, team, CLASSES));
  });
  afterAll(() => api.close());
  afterEach(async () => {
    await settleLeftoverRuns(api);
    await api.database.db.delete(trainers);
  });

  const start = (input: Record<string, unknown>) => api.gql(START, { input: { datasetId, strategy: 'FINE_TUNE', ...input } }, team.member.token);

  it('with no trainer seen, refuses a run over the documented default, naming both numbers', async () => {
    const refused = await start({ batchSize: 32 });
    const needs = estimateOf({ batchSize: 32 });
    expect(needs).toBeGreaterThan(DEFAULT_MEMORY_MB);
    expectError(refused, 'BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toBe(
      `This run needs about ${mb(needs)} of memory on a trainer (${IMAGES} images at imageSize 224, batchSize 32), but no trainer declaring its memory was seen in the last 5 minutes, and the default assumed then is ${mb(DEFAULT_MEMORY_MB)} (TRANSFERLAB_DEFAULT_TRAINER_MEMORY_MB). Lower batchSize or imageSize, or start a trainer with more memory (transferlab worker --memory-mb).`,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ estimatedMemoryMb: needs, trainerMemoryMb: DEFAULT_MEMORY_MB });
    // A smaller batch fits the default.
    expect((await start({ batchSize: 2 })).errors).toBeUndefined();
  });

  it("refuses issue 11's imageSize 1024 x batchSize 512 against the largest trainer seen", async () => {
    const worker = await api.workerToken();
    expect((await claimRun(api, worker, 'big', { memoryMb: 65_536 })).data?.claimRun).toBeNull();
    await claimRun(api, worker, 'small', { memoryMb: 4096 });
    const refused = await start({ imageSize: 1024, batchSize: 512 });
    expectError(refused, 'BAD_USER_INPUT');
    const needs = estimateOf({ imageSize: 1024, batchSize: 512 });
    expect(needs).toBeGreaterThan(65_536);
    expect(refused.errors?.[0]?.message).toContain(`needs about ${mb(needs)} of memory on a trainer`);
    expect(refused.errors?.[0]?.message).toContain('the largest trainer seen in the last 5 minutes has 65,536 MB');
    expect(await api.database.db.select().from(runs).where(eq(runs.teamId, team.teamId)).then((rows) => rows.filter((r) => r.status === 'QUEUED'))).toEqual([]);
  });

  it('a trainer never claims a run it cannot hold; one that can, does', async () => {
    const worker = await api.workerToken();
    await claimRun(api, worker, 'large', { memoryMb: 16_384 });
    const started = await startRun(api, team.member.token, { datasetId, strategy: 'FINE_TUNE', batchSize: 32 });
    const [row] = await api.database.db.select().from(runs).where(eq(runs.id, started.id));
    expect(row?.memoryEstimateMb).toBe(estimateOf({ batchSize: 32 }));

    expect((await claimRun(api, worker, 'small', { memoryMb: DEFAULT_MEMORY_MB })).data?.claimRun).toBeNull();
    expect((await claimRun(api, worker, 'large', { memoryMb: 16_384 })).data?.claimRun?.run.id).toBe(started.id);
  });

  it('counts only trainers seen lately; heartbeats keep a busy trainer counted', async () => {
    const worker = await api.workerToken();
    await claimRun(api, worker, 'large', { memoryMb: 16_384 });
    const run = await startRun(api, team.member.token, { datasetId, strategy: 'FINE_TUNE', batchSize: 32 });
    const claimed = (await claimRun(api, worker, 'large', { memoryMb: 16_384 })).data?.claimRun;
    expect(claimed?.run.id).toBe(run.id);

    const sixMinutesAgo = () => api.database.db.update(trainers).set({ lastSeenAt: sql`now() - interval '6 minutes'` });
    await sixMinutesAgo();
    expect((await start({ batchSize: 32 })).errors?.[0]?.message).toContain('no trainer declaring its memory was seen in the last 5 minutes');

    expect((await api.gql(HEARTBEAT, { runId: run.id, leaseId: claimed!.leaseId }, worker)).errors).toBeUndefined();
    expect((await start({ batchSize: 32 })).errors).toBeUndefined();
  });

  it('refuses a declared memory out of bounds, naming the bound', async () => {
    const worker = await api.workerToken();
    const refused = await claimRun(api, worker, 'typo', { memoryMb: 0 });
    expectError(refused, 'BAD_USER_INPUT', /worker\.memoryMb must be between 1 and 16777216 \(MB\); got 0/);
  });
});

describe.each(DB_KINDS)('sharing the queue between teams (%s)', (kind) => {
  const opened: TestApi[] = [];
  afterAll(() => Promise.all(opened.map((api) => api.close())));

  async function apiWith(runQueue: Record<string, unknown>) {
    const api = await startTestApi(kind, { runQueue });
    opened.push(api);
    return api;
  }

  /** Team A queues three runs, then team B one; returns the team of each run a worker then claims. */
  async function claimOrder(api: TestApi): Promise<string[]> {
    const teams = { A: await createTeamFixture(api), B: await createTeamFixture(api) };
    const teamOfRun = new Map<string, string>();
    for (const [name, count] of [['A', 3], ['B', 1]] as const) {
      const { dataset } = await createImageDataset(api, teams[name], CLASSES);
      for (let i = 0; i < count; i++) teamOfRun.set((await startRun(api, teams[name].member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32 })).id, name);
    }
    const worker = await api.workerToken();
    const order: string[] = [];
    for (let claimed = await claimRun(api, worker); claimed.data?.claimRun; claimed = await claimRun(api, worker)) order.push(teamOfRun.get(claimed.data.claimRun.run.id)!);
    return order;
  }

  it("fair (the default): a team's one run does not wait behind another team's queue", async () => {
    expect(await claimOrder(await apiWith({}))).toEqual(['A', 'B', 'A', 'A']);
  });

  it('fifo: oldest first', async () => {
    expect(await claimOrder(await apiWith({ claimOrder: 'fifo' }))).toEqual(['A', 'A', 'A', 'B']);
  });

  it("refuses a team's run past the queued-runs limit, naming it; other teams and started runs are not held against it", async () => {
    const api = await apiWith({ maxQueuedRunsPerTeam: 2 });
    const [a, b] = [await createTeamFixture(api), await createTeamFixture(api)];
    const { dataset } = await createImageDataset(api, a, CLASSES);
    const input = { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32 };
    await startRun(api, a.member.token, input);
    await startRun(api, a.member.token, input);
    const refused = await api.gql(START, { input }, a.member.token);
    expectError(refused, 'RATE_LIMITED');
    expect(refused.errors?.[0]?.message).toBe(
      'Your team already has 2 runs waiting in the queue, the most one team may have (2, TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM). Wait for some to start, or cancel one, then start this run again.',
    );
    const { dataset: other } = await createImageDataset(api, b, CLASSES);
    await startRun(api, b.member.token, { ...input, datasetId: other.id });

    // Concurrent starts of one team never overshoot the limit.
    await settleLeftoverRuns(api);
    const results = await Promise.all(Array.from({ length: 5 }, () => api.gql(START, { input }, a.member.token)));
    expect(results.filter((r) => !r.errors).length).toBe(2);

    // A run that starts training leaves the queue, making room.
    const worker = await api.workerToken();
    expect((await claimRun(api, worker)).data?.claimRun).not.toBeNull();
    expect((await api.gql(START, { input }, a.member.token)).errors).toBeUndefined();
  });
});
