import { eq } from 'drizzle-orm';
import { runGroups, runs } from '@transferlab/db/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LADDER_NAME } from '../src/resolvers/run-groups/start-ladder';
import { TEXT_LIMITS } from '../src/text-limits';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import {
  claimRun,
  createTeamFixture,
  createTeamWithDataset,
  epochMetric,
  expectError,
  FINISH_RUN,
  modelFiles,
  REPORT_EPOCH,
  settleLeftoverRuns,
  uploadModel,
} from './runs-fixtures';

const START_LADDER = `mutation ($input: StartLadderInput!) { startLadder(input: $input) {
  id kind name createdAt createdBy { id } runs { id strategy status config group { id } } } }`;
const GROUP = `query ($id: ID!) { runGroup(id: $id) { id kind runs { id strategy }
  comparison { transferGain fineTuneGain fineTuneHelped
    rungs { strategy valAccuracy testAccuracy wallTimeSeconds imagesPerSecond run { id status } } } } }`;

interface LadderView {
  id: string;
  kind: string;
  name: string | null;
  createdBy: { id: string };
  runs: { id: string; strategy: string; status: string; config: Record<string, unknown>; group: { id: string } }[];
}
interface Rung {
  strategy: string;
  valAccuracy: number | null;
  testAccuracy: number | null;
  wallTimeSeconds: number | null;
  imagesPerSecond: number | null;
  run: { id: string; status: string };
}
interface GroupView {
  runGroup: {
    id: string;
    kind: string;
    runs: { id: string; strategy: string }[];
    comparison: { transferGain: number | null; fineTuneGain: number | null; fineTuneHelped: boolean | null; rungs: Rung[] };
  };
}

const SHARED = ['seed', 'imageSize', 'epochs', 'batchSize', 'validationSplit', 'testSplit'] as const;

// startLadder queues the recipe's three runs as one group with the same split, seed, image size and
// epochs; the group's comparison is computed from what finished runs stored (through the worker protocol).
describe.each(DB_KINDS)('the transfer ladder (%s)', (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    api = await startTestApi(kind, { runQueue: { maxQueuedRunsPerTeam: 4 } });
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  it('queues BASELINE, FEATURE_EXTRACTION and FINE_TUNE sharing the seed (drawn once), split, image size and epochs', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const input = { datasetId: dataset.id, name: 'flowers', backbone: 'MOBILENET_V2', imageSize: 96, epochs: 3, fineTuneEpochs: 2, testSplit: 0.25 };
    const { startLadder: group } = await api.must<{ startLadder: LadderView }>(START_LADDER, { input }, team.member.token);
    expect(group).toMatchObject({ kind: 'LADDER', name: 'flowers', createdBy: { id: team.member.userId } });
    expect(group.runs.map((r) => [r.strategy, r.status, r.group.id])).toEqual([
      ['BASELINE', 'QUEUED', group.id],
      ['FEATURE_EXTRACTION', 'QUEUED', group.id],
      ['FINE_TUNE', 'QUEUED', group.id],
    ]);
    const [baseline, ...transfers] = group.runs.map((r) => r.config);
    expect(typeof baseline!.seed).toBe('number');
    for (const config of transfers) {
      for (const key of SHARED) expect([key, config[key]]).toEqual([key, baseline![key]]);
      expect(config.backbone).toBe('MOBILENET_V2');
    }
    expect(baseline).toMatchObject({ imageSize: 96, epochs: 3, testSplit: 0.25 });
    expect(transfers.map((c) => c.pretrained)).toEqual([true, true]);
    expect(transfers[1]!.fineTuneEpochs).toBe(2);

    // A given seed is the three runs' seed; the team lists its groups, newest first.
    await settleLeftoverRuns(api); // room in the queue (limit 4) for a second ladder
    const seeded = await api.must<{ startLadder: LadderView }>(START_LADDER, { input: { datasetId: dataset.id, imageSize: 32, seed: 1234, pretrained: false } }, team.member.token);
    expect(seeded.startLadder.runs.map((r) => r.config.seed)).toEqual([1234, 1234, 1234]);
    expect(seeded.startLadder.runs.slice(1).map((r) => r.config.pretrained)).toEqual([false, false]);
    const listed = await api.must<{ team: { runGroups: { id: string }[] } }>(`query ($id: ID!) { team(id: $id) { runGroups { id } } }`, { id: team.teamId }, team.viewer.token);
    expect(listed.team.runGroups.map((g) => g.id)).toEqual([seeded.startLadder.id, group.id]);
  });

  it('is refused as a whole past the queue limit (naming it), or on a bad field (naming it), storing nothing', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    await api.must(START_LADDER, { input: { datasetId: dataset.id, imageSize: 32 } }, team.member.token);
    // Three queued, limit 4: a ladder would make six.
    const refused = await api.gql(START_LADDER, { input: { datasetId: dataset.id, imageSize: 32 } }, team.member.token);
    expectError(refused, 'RATE_LIMITED', /TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM/);
    expect(refused.errors?.[0]?.message).toContain('already has 3 runs waiting in the queue, the most one team may have (4, TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM) with these 3 runs added');
    expect(await api.database.db.select().from(runs).where(eq(runs.teamId, team.teamId))).toHaveLength(3);
    expect(await api.database.db.select().from(runGroups).where(eq(runGroups.teamId, team.teamId))).toHaveLength(1);

    const bad = await api.gql(START_LADDER, { input: { datasetId: dataset.id, imageSize: 32, epochs: 0 } }, team.member.token);
    expectError(bad, 'BAD_USER_INPUT', /epochs must be at least 1/);
    expect(Object.keys(bad.errors![0]!.extensions?.fields as object)).toEqual(['epochs']);
    const longName = await api.gql(START_LADDER, { input: { datasetId: dataset.id, imageSize: 32, name: 'x'.repeat(TEXT_LIMITS.modelName) } }, team.member.token);
    expectError(longName, 'BAD_USER_INPUT', /A ladder name is longer than \d+ characters/);
    expect(longName.errors![0]!.extensions?.field).toBe('name');
    const viewer = await api.gql(START_LADDER, { input: { datasetId: dataset.id, imageSize: 32 } }, team.viewer.token);
    expectError(viewer, 'FORBIDDEN');
    expect(await api.database.db.select().from(runGroups).where(eq(runGroups.teamId, team.teamId))).toHaveLength(1);
  });

  it("keeps a group to its team: another team's member gets NOT_FOUND, as for a run", async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const other = await createTeamFixture(api);
    // A name at its bound is accepted: each run's name (ladder and rung) stays within a model name's.
    const name = 'x'.repeat(MAX_LADDER_NAME);
    const { startLadder: group } = await api.must<{ startLadder: LadderView }>(START_LADDER, { input: { datasetId: dataset.id, imageSize: 32, name } }, team.member.token);
    expect(group.name).toBe(name);
    expectError(await api.gql(GROUP, { id: group.id }, other.owner.token), 'NOT_FOUND');
    expectError(await api.gql(`query ($id: ID!) { run(id: $id) { id } }`, { id: group.runs[0]!.id }, other.owner.token), 'NOT_FOUND');
    expectError(await api.gql(GROUP, { id: 'not-an-id' }, team.viewer.token), 'NOT_FOUND');
    const listed = await api.must<{ team: { runGroups: unknown[] } }>(`query ($id: ID!) { team(id: $id) { runGroups(first: 5) { id } } }`, { id: other.teamId }, other.owner.token);
    expect(listed.team.runGroups).toEqual([]);
    expectError(await api.gql(`query ($id: ID!) { team(id: $id) { runGroups(first: 101) { id } } }`, { id: team.teamId }, team.viewer.token), 'BAD_USER_INPUT', /between 1 and 100/);
  });

  it('compares the finished runs: accuracies, what transfer bought, whether fine-tuning helped, wall time and images per second', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const { startLadder: group } = await api.must<{ startLadder: LadderView }>(START_LADDER, { input: { datasetId: dataset.id, imageSize: 32, testSplit: 0.25 } }, team.member.token);

    const before = (await api.must<GroupView>(GROUP, { id: group.id }, team.viewer.token)).runGroup.comparison;
    expect(before).toMatchObject({ transferGain: null, fineTuneGain: null, fineTuneHelped: null });
    expect(before.rungs.map((r) => [r.strategy, r.valAccuracy, r.wallTimeSeconds])).toEqual([
      ['BASELINE', null, null],
      ['FEATURE_EXTRACTION', null, null],
      ['FINE_TUNE', null, null],
    ]);

    // Each run: two epochs (1 s at 40 images/s, 3 s at 80: 70 images/s overall), then its model.
    const val: Record<string, number> = { BASELINE: 0.5, FEATURE_EXTRACTION: 0.75, FINE_TUNE: 0.875 };
    for (let i = 0; i < 3; i++) {
      const claimed = (await claimRun(api, worker)).data?.claimRun;
      if (!claimed) throw new Error('No run to claim.');
      const lease = { runId: claimed.run.id, leaseId: claimed.leaseId };
      const strategy = group.runs.find((r) => r.id === claimed.run.id)!.strategy;
      const phase = strategy === 'FINE_TUNE' ? 'FEATURE_EXTRACTION' : strategy;
      await api.must(REPORT_EPOCH, { ...lease, metric: { ...epochMetric(phase, 1, val[strategy]! - 0.1), durationMs: 1000, imagesPerSecond: 40 } }, worker);
      await api.must(REPORT_EPOCH, { ...lease, metric: { ...epochMetric(phase, 2, val[strategy]!), durationMs: 3000, imagesPerSecond: 80 } }, worker);
      const files = modelFiles();
      const metadata = JSON.parse(files['metadata.json'].toString()) as Record<string, unknown>;
      const testEvaluation = { accuracy: val[strategy]! - 0.05, topK: { 1: 0.5 }, confusionMatrix: [[1, 1], [0, 2]], classMetrics: [], count: 4 };
      files['metadata.json'] = Buffer.from(JSON.stringify({ ...metadata, strategy, testEvaluation }));
      expect((await uploadModel(api, lease, worker, files)).status).toBe(201);
      await api.must(FINISH_RUN, lease, worker);
      if (i === 1) {
        // Two finished: the comparison fills in what it can and leaves the rest null.
        const partial = (await api.must<GroupView>(GROUP, { id: group.id }, team.viewer.token)).runGroup.comparison;
        expect(partial.rungs.filter((r) => r.valAccuracy !== null)).toHaveLength(2);
      }
    }

    const { comparison } = (await api.must<GroupView>(GROUP, { id: group.id }, team.viewer.token)).runGroup;
    expect(comparison.rungs.map((r) => [r.strategy, r.run.status])).toEqual([
      ['BASELINE', 'SUCCEEDED'],
      ['FEATURE_EXTRACTION', 'SUCCEEDED'],
      ['FINE_TUNE', 'SUCCEEDED'],
    ]);
    for (const rung of comparison.rungs) {
      expect(rung.valAccuracy).toBeCloseTo(val[rung.strategy]!, 5);
      expect(rung.testAccuracy).toBeCloseTo(val[rung.strategy]! - 0.05, 5);
      expect(rung.imagesPerSecond).toBeCloseTo(70, 5);
      expect(rung.wallTimeSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(comparison.transferGain).toBeCloseTo(0.375, 5);
    expect(comparison.fineTuneGain).toBeCloseTo(0.125, 5);
    expect(comparison.fineTuneHelped).toBe(true);
  });
});
