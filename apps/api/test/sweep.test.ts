import { eq } from 'drizzle-orm';
import { runGroups, runs } from '@transferlab/db/schema';
import { SWEEP_BOUNDS } from '@transferlab/ml-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RUN_QUEUE_DEFAULTS } from '../src/runs/run-queue-limits';
import { readEnv } from '../src/env';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import {
  claimRun,
  createTeamFixture,
  createTeamWithDataset,
  epochMetric,
  expectError,
  FAIL_RUN,
  FINISH_RUN,
  modelFiles,
  REPORT_EPOCH,
  settleLeftoverRuns,
  startRun,
  subscribe,
  uploadModel,
  waitUntilLive,
  type TeamFixture,
} from './runs-fixtures';

const START_SWEEP = `mutation ($input: StartSweepInput!) { startSweep(input: $input) {
  id kind name createdBy { id } runs { id name strategy status config group { id } }
  sweep { grid { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize } finished entries { rank run { id } } best { run { id } } } } }`;
const RANKING = `query ($id: ID!) { runGroup(id: $id) { id kind comparison { transferGain } sweep { finished
  grid { learningRate dropout }
  best { run { id } valAccuracy }
  entries { rank valAccuracy testAccuracy wallTimeSeconds run { id name status featureCache { hits misses } }
    params { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize } } } } }`;

interface SweepView {
  id: string;
  kind: string;
  name: string | null;
  createdBy: { id: string };
  runs: { id: string; name: string; strategy: string; status: string; config: Record<string, unknown>; group: { id: string } }[];
  sweep: { grid: Record<string, unknown[]>; finished: number; entries: { rank: number | null; run: { id: string } }[]; best: { run: { id: string } } | null };
}
interface Entry {
  rank: number | null;
  valAccuracy: number | null;
  testAccuracy: number | null;
  wallTimeSeconds: number | null;
  run: { id: string; name: string; status: string; featureCache: { hits: number; misses: number } | null };
  params: { learningRate: number; fineTuneLearningRate: number | null; unfreezeFrom: string | null; dropout: number; imageSize: number };
}
interface RankingView {
  runGroup: { id: string; kind: string; comparison: null; sweep: { finished: number; grid: { learningRate: number[]; dropout: number[] }; best: { run: { id: string }; valAccuracy: number } | null; entries: Entry[] } };
}

const QUEUE_LIMIT = 6;

/** A 2 x 2 feature-extraction sweep over the learning rate and dropout, at a small image size. */
const twoByTwo = (datasetId: string, extra: Record<string, unknown> = {}) => ({
  name: 'flowers',
  base: { datasetId, strategy: 'FEATURE_EXTRACTION', backbone: 'MOBILENET_V2', imageSize: 32, epochs: 2, learningRate: 0.5, dropout: 0.1 },
  grid: { learningRate: [0.01, 0.001], dropout: [0.2, 0.5] },
  ...extra,
});

// startSweep queues one run per point of a grid as one group (one seed, all or none); RunGroup.sweep
// ranks the runs from what the worker protocol stored.
describe.each(DB_KINDS)('sweeps (%s)', (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    api = await startTestApi(kind, { runQueue: { maxQueuedRunsPerTeam: QUEUE_LIMIT } });
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  const stored = async (team: TeamFixture) => ({
    runs: (await api.database.db.select().from(runs).where(eq(runs.teamId, team.teamId))).length,
    groups: (await api.database.db.select().from(runGroups).where(eq(runGroups.teamId, team.teamId))).length,
  });

  it('queues a 2 x 2 grid as four runs of one group with one seed, named by their swept values, in grid order (the grid wins over the base)', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const { startSweep: group } = await api.must<{ startSweep: SweepView }>(START_SWEEP, { input: twoByTwo(dataset.id) }, team.member.token);
    expect(group).toMatchObject({ kind: 'SWEEP', name: 'flowers', createdBy: { id: team.member.userId } });
    expect(group.runs.map((r) => [r.name, r.status, r.group.id, r.config.learningRate, r.config.dropout])).toEqual([
      ['flowers · lr 0.01 · dropout 0.2', 'QUEUED', group.id, 0.01, 0.2],
      ['flowers · lr 0.01 · dropout 0.5', 'QUEUED', group.id, 0.01, 0.5],
      ['flowers · lr 0.001 · dropout 0.2', 'QUEUED', group.id, 0.001, 0.2],
      ['flowers · lr 0.001 · dropout 0.5', 'QUEUED', group.id, 0.001, 0.5],
    ]);
    const seeds = new Set(group.runs.map((r) => r.config.seed));
    expect(seeds.size).toBe(1);
    expect(typeof [...seeds][0]).toBe('number');
    for (const { config } of group.runs) expect(config).toMatchObject({ strategy: 'FEATURE_EXTRACTION', backbone: 'MOBILENET_V2', imageSize: 32, epochs: 2 });
    expect(group.sweep).toEqual({
      grid: { learningRate: [0.01, 0.001], fineTuneLearningRate: [], unfreezeFrom: [], dropout: [0.2, 0.5], imageSize: [] },
      finished: 0,
      entries: group.runs.map((r) => ({ rank: null, run: { id: r.id } })),
      best: null,
    });
    expect(await stored(team)).toEqual({ runs: 4, groups: 1 });

    // A given seed is every run's; without a name, runs are named by their values alone.
    await settleLeftoverRuns(api);
    const seeded = await api.must<{ startSweep: SweepView }>(START_SWEEP, { input: { ...twoByTwo(dataset.id), name: null, base: { ...twoByTwo(dataset.id).base, seed: 77 }, grid: { imageSize: [32, 48] } } }, team.member.token);
    expect(seeded.startSweep.runs.map((r) => [r.name, r.config.seed, r.config.imageSize, r.config.learningRate])).toEqual([
      ['size 32', 77, 32, 0.5],
      ['size 48', 77, 48, 0.5],
    ]);
    expect(seeded.startSweep.name).toBeNull();
  });

  it("announces each of a sweep's runs on the team's stream, like any run", async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const probe = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32, name: 'probe' });
    const teamRuns = subscribe<{ teamRuns: { id: string; name: string } }>(api.ws(team.viewer.token), 'subscription ($teamId: ID!) { teamRuns(teamId: $teamId) { id name } }', { teamId: team.teamId });
    await waitUntilLive(teamRuns, () => api.server.services.events.publish({ type: 'teamRun', teamId: team.teamId, runId: probe.id }));
    const { startSweep: group } = await api.must<{ startSweep: SweepView }>(START_SWEEP, { input: twoByTwo(dataset.id) }, team.member.token);
    const seen = await teamRuns.until((values) => values.length >= 4);
    expect(seen.map((v) => v.teamRuns.id).sort()).toEqual(group.runs.map((r) => r.id).sort());
  });

  it('refuses a grid past its bounds, naming the bound, and stores nothing', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const refuse = async (input: Record<string, unknown>, message: RegExp, field?: string) => {
      const result = await api.gql(START_SWEEP, { input }, team.member.token);
      expectError(result, 'BAD_USER_INPUT', message);
      if (field) expect(result.errors![0]!.extensions?.field).toBe(field);
      return result;
    };
    const five = [0.1, 0.05, 0.01, 0.005, 0.001];
    await refuse(twoByTwo(dataset.id, { grid: { learningRate: five, dropout: [0, 0.1, 0.2, 0.3, 0.4] } }), new RegExp(`This grid makes 25 runs \\(5 x 5\\), but a sweep queues at most ${SWEEP_BOUNDS.maxRuns}`), 'grid');
    await refuse(twoByTwo(dataset.id, { grid: { imageSize: [32, 40, 48, 56, 64, 72, 80, 88, 96] } }), new RegExp(`grid.imageSize has 9 values, but a sweep list holds at most ${SWEEP_BOUNDS.maxValuesPerList}`), 'grid.imageSize');
    await refuse(twoByTwo(dataset.id, { grid: { learningRate: [0.01, 0.01] } }), /grid.learningRate lists 0.01 more than once/, 'grid.learningRate');
    await refuse(twoByTwo(dataset.id, { grid: { learningRate: [0.01], dropout: [] } }), /at least one grid list with two or more values/, 'grid');
    await refuse(twoByTwo(dataset.id, { grid: { learningRate: [0.01, 0.001], fineTuneLearningRate: [0.0001] } }), /grid.fineTuneLearningRate applies to FINE_TUNE runs only/, 'grid.fineTuneLearningRate');
    await refuse(twoByTwo(dataset.id, { grid: { unfreezeFrom: ['block_13', 'block_16'] } }), /grid.unfreezeFrom applies to FINE_TUNE runs only/, 'grid.unfreezeFrom');
    // Every run passes startRun's checks first: one bad value refuses the whole sweep.
    const bad = await refuse(twoByTwo(dataset.id, { grid: { learningRate: [0.01, 2] } }), /learningRate must be at most 1 \(got 2\)/);
    expect(Object.keys(bad.errors![0]!.extensions?.fields as object)).toEqual(['learningRate']);
    await refuse(twoByTwo(dataset.id, { grid: { imageSize: [32, 1024] }, base: { ...twoByTwo(dataset.id).base, backbone: 'VGG16', batchSize: 512 } }), /This run needs about [\d,]+ MB of memory on a trainer \(10 images at imageSize 1024, batchSize 512\)/);
    await refuse(twoByTwo(dataset.id, { name: 'x'.repeat(190) }), /A sweep name is longer than \d+ characters \(it has 190\)/, 'name');
    const longLayer = { ...twoByTwo(dataset.id), name: null, base: { ...twoByTwo(dataset.id).base, strategy: 'FINE_TUNE' }, grid: { unfreezeFrom: ['block_16', 'b'.repeat(300)] } };
    await refuse(longLayer, /This sweep's values name a run with 312 characters, more than a model name's 200/, 'grid');
    expect(await stored(team)).toEqual({ runs: 0, groups: 0 });
    // A viewer may not start one.
    expectError(await api.gql(START_SWEEP, { input: twoByTwo(dataset.id) }, team.viewer.token), 'FORBIDDEN');
    expect(await stored(team)).toEqual({ runs: 0, groups: 0 });
  });

  it("counts every run against the team's queue limit: all or none", async () => {
    expect(RUN_QUEUE_DEFAULTS.maxQueuedRunsPerTeam).toBeGreaterThanOrEqual(SWEEP_BOUNDS.maxRuns);
    const { team, dataset } = await createTeamWithDataset(api);
    await api.must(START_SWEEP, { input: twoByTwo(dataset.id) }, team.member.token);
    // Four queued, limit 6: another four would make eight.
    const full = await api.gql(START_SWEEP, { input: twoByTwo(dataset.id) }, team.member.token);
    expectError(full, 'RATE_LIMITED', /already has 4 runs waiting in the queue, the most one team may have \(6, TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM\) with these 4 runs added/);
    expect(await stored(team)).toEqual({ runs: 4, groups: 1 });
    // Eight runs could never fit, even in an empty queue: the error says so rather than "wait".
    await settleLeftoverRuns(api);
    const tooBig = await api.gql(START_SWEEP, { input: twoByTwo(dataset.id, { grid: { learningRate: [0.1, 0.01, 0.001, 0.0001], dropout: [0.2, 0.5] } }) }, team.member.token);
    expectError(tooBig, 'RATE_LIMITED', /These 8 runs are more than one team may have waiting in the queue \(6, TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM\)\. Start fewer runs at once/);
    expect(await stored(team)).toEqual({ runs: 4, groups: 1 });
  });

  it("keeps a sweep to its team: another team's member gets NOT_FOUND", async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const other = await createTeamFixture(api);
    const { startSweep: group } = await api.must<{ startSweep: SweepView }>(START_SWEEP, { input: twoByTwo(dataset.id) }, team.member.token);
    expect((await api.must<RankingView>(RANKING, { id: group.id }, team.viewer.token)).runGroup.kind).toBe('SWEEP');
    expectError(await api.gql(RANKING, { id: group.id }, other.owner.token), 'NOT_FOUND');
    expectError(await api.gql(START_SWEEP, { input: twoByTwo(dataset.id) }, other.owner.token), 'NOT_FOUND');
    const listed = await api.must<{ team: { runGroups: { id: string; kind: string }[] } }>(`query ($id: ID!) { team(id: $id) { runGroups { id kind } } }`, { id: team.teamId }, team.viewer.token);
    expect(listed.team.runGroups).toEqual([{ id: group.id, kind: 'SWEEP' }]);
  });

  it('ranks the runs by the validation accuracy their epochs stored, with test accuracy, wall time and feature-cache use from their models', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const { startSweep: group } = await api.must<{ startSweep: SweepView }>(START_SWEEP, { input: twoByTwo(dataset.id) }, team.member.token);
    // In grid order: the third run is best, the second and fourth tie, the first fails.
    const val = [0.6, 0.75, 0.9, 0.75];
    let featuresCached = false;
    for (let i = 0; i < 4; i++) {
      const claimed = (await claimRun(api, worker)).data?.claimRun;
      if (!claimed) throw new Error('No run to claim.');
      const lease = { runId: claimed.run.id, leaseId: claimed.leaseId };
      const at = group.runs.findIndex((r) => r.id === claimed.run.id);
      await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 1, val[at]! - 0.1) }, worker);
      await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 2, val[at]!) }, worker);
      if (at === 0) {
        await api.must(FAIL_RUN, { ...lease, failure: { code: 'OUT_OF_MEMORY', kind: 'resource', message: 'Out of memory.' } }, worker);
        continue;
      }
      const files = modelFiles();
      const metadata = JSON.parse(files['metadata.json'].toString()) as Record<string, unknown>;
      const testEvaluation = { accuracy: val[at]! - 0.05, topK: { 1: 0.5 }, confusionMatrix: [[1, 1], [0, 2]], classMetrics: [], count: 4 };
      // The first run to succeed computed every image's features; the later ones found them cached.
      // (Runs queued together are claimed in no set order, so the failing one may come first.)
      const featureCache = featuresCached ? { hits: 10, misses: 0 } : { hits: 0, misses: 10 };
      featuresCached = true;
      files['metadata.json'] = Buffer.from(JSON.stringify({ ...metadata, testEvaluation, featureCache }));
      expect((await uploadModel(api, lease, worker, files)).status).toBe(201);
      await api.must(FINISH_RUN, lease, worker);
    }

    const { sweep } = (await api.must<RankingView>(RANKING, { id: group.id }, team.viewer.token)).runGroup;
    const ids = group.runs.map((r) => r.id);
    expect(sweep.entries.map((e) => [e.run.id, e.rank, e.run.status])).toEqual([
      [ids[2], 1, 'SUCCEEDED'],
      [ids[1], 2, 'SUCCEEDED'],
      [ids[3], 3, 'SUCCEEDED'],
      [ids[0], null, 'FAILED'],
    ]);
    expect(sweep.finished).toBe(4);
    expect(sweep.best?.run.id).toBe(ids[2]);
    expect(sweep.best?.valAccuracy).toBeCloseTo(0.9, 5);
    const [best, , , failed] = sweep.entries;
    expect(best!.testAccuracy).toBeCloseTo(0.85, 5);
    expect(best!.wallTimeSeconds).toBeGreaterThanOrEqual(0);
    expect(best!.params).toEqual({ learningRate: 0.001, fineTuneLearningRate: null, unfreezeFrom: null, dropout: 0.2, imageSize: 32 });
    expect(failed).toMatchObject({ valAccuracy: null, testAccuracy: null, run: { featureCache: null } });
    expect(sweep.entries.slice(0, 3).map((e) => e.run.featureCache!.hits + e.run.featureCache!.misses)).toEqual([10, 10, 10]);
    expect(sweep.entries.filter((e) => e.run.featureCache?.misses === 10)).toHaveLength(1);
  });

  it("prices a sweep page (every run's epochs) by SWEEP_BOUNDS.maxRuns, within the server's default cost bound", async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const { startSweep: group } = await api.must<{ startSweep: SweepView }>(START_SWEEP, { input: twoByTwo(dataset.id) }, team.member.token);
    const epochFields = 'phase epoch loss accuracy valLoss valAccuracy learningRate durationMs imagesPerSecond at';
    const page = `query ($id: ID!) { runGroup(id: $id) { id runs { id name status config metrics { ${epochFields} } }
      sweep { entries { rank valAccuracy params { learningRate dropout } run { id } } } } }`;
    // The test server runs with the default budget (TRANSFERLAB_GRAPHQL_MAX_COST's default).
    const answered = await api.must<{ runGroup: { runs: unknown[] } }>(page, { id: group.id }, team.viewer.token);
    expect(answered.runGroup.runs).toHaveLength(4);
    // Priced by the bound, not by the four runs this sweep has: three such queries in one are refused.
    const runsWithEpochs = `runGroup(id: $id) { runs { metrics { ${epochFields} } } }`;
    const refused = await api.gql(`query ($id: ID!) { a: ${runsWithEpochs} b: ${runsWithEpochs} c: ${runsWithEpochs} }`, { id: group.id }, team.viewer.token);
    expectError(refused, 'QUERY_TOO_COMPLEX');
    expect(refused.errors![0]!.extensions).toMatchObject({ max: readEnv({}).graphqlMaxCost, actual: 3 * (2 + SWEEP_BOUNDS.maxRuns * (1 + 50 * 10)) });
  });
});
