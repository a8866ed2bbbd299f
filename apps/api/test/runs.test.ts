import { eq } from 'drizzle-orm';
import { runs } from '@transferlab/db/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import {
  CANCEL_RUN,
  createImageDataset,
  createTeamFixture,
  expectError,
  getRun,
  RUN_FIELDS,
  settleLeftoverRuns,
  startRun,
  type RunView,
} from './runs-fixtures';

const START = `mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`;

describe.each(DB_KINDS)('runs (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  async function teamWithDataset(classes: Record<string, number> = { daisy: 3, tulips: 2 }) {
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, classes);
    return { team, dataset };
  }

  const runsOfTeam = async (teamId: string) => api.database.db.select().from(runs).where(eq(runs.teamId, teamId));

  it('queues a run with every hyperparameter resolved, the drawn seed included', async () => {
    const { team, dataset } = await teamWithDataset();
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, name: '  flowers v1 ', strategy: 'FINE_TUNE', batchSize: 16, augmentation: { flip: true } });
    expect(run).toMatchObject({ name: 'flowers v1', status: 'QUEUED', strategy: 'FINE_TUNE', attempts: 0, error: null, progress: null, metrics: [], startedAt: null, finishedAt: null });
    expect(run.team.id).toBe(team.teamId);
    expect(run.dataset.id).toBe(dataset.id);
    expect(run.createdBy.id).toBe(team.member.userId);
    expect(run.config).toMatchObject({
      strategy: 'FINE_TUNE',
      backbone: 'VGG16',
      imageSize: 224,
      batchSize: 16,
      epochs: 10,
      fineTuneEpochs: 5,
      learningRate: 0.001,
      unfreezeFrom: null,
      augmentation: { flip: true, rotationDegrees: 0, zoom: 0, brightness: 0, contrast: 0 },
    });
    expect(Number.isInteger(run.config.seed)).toBe(true);
    const [row] = await runsOfTeam(team.teamId);
    expect(row?.config).toEqual(run.config);

    // An explicit seed is kept; an explicit null means the default.
    const seeded = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', seed: 42, imageSize: null });
    expect(seeded.config).toMatchObject({ seed: 42, imageSize: 224 });
  });

  it('names every bad hyperparameter in one error and stores nothing', async () => {
    const { team, dataset } = await teamWithDataset();
    const input = { datasetId: dataset.id, strategy: 'FINE_TUNE', batchSize: 0, learningRate: -1, dropout: 1.5, imageSize: 16, epochs: 5000, fineTuneEpochs: 1000 };
    const result = await api.gql(START, { input }, team.member.token);
    expectError(result, 'BAD_USER_INPUT');
    const error = result.errors![0]!;
    for (const field of ['batchSize', 'learningRate', 'dropout', 'imageSize', 'epochs']) expect(error.message).toContain(field);
    expect(error.extensions?.fields).toEqual({
      batchSize: 'must be at least 1 (got 0)',
      learningRate: 'must be above 0 (got -1)',
      dropout: 'must be below 1 (got 1.5)',
      imageSize: 'must be at least 32 (got 16)',
      epochs: 'must be at most 300 (got 5000)',
      fineTuneEpochs: 'must be at most 300 (got 1000)',
    });
    const huge = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'BASELINE', batchSize: 1024 } }, team.member.token);
    expectError(huge, 'BAD_USER_INPUT', /batchSize must be at most 512 \(got 1024\)/);
    expect(await runsOfTeam(team.teamId)).toEqual([]);
  });

  it('refuses an unknown backbone through the GraphQL enum', async () => {
    const { team, dataset } = await teamWithDataset();
    const result = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION', backbone: 'INCEPTION_V3' } }, team.member.token);
    expect(result.errors?.[0]?.message).toMatch(/INCEPTION_V3.*Backbone|Backbone.*INCEPTION_V3/);
    expect(await runsOfTeam(team.teamId)).toEqual([]);
  });

  it.each(['RESNET50', 'EFFICIENTNET_B0'])('queues a %s run (the Backbone enum extension) with that backbone in its config', async (backbone) => {
    const { team, dataset } = await teamWithDataset();
    // Small enough for the memory assumed while no trainer has been seen (TRANSFERLAB_DEFAULT_TRAINER_MEMORY_MB).
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FINE_TUNE', backbone, imageSize: 96, batchSize: 8 });
    expect(run.status).toBe('QUEUED');
    expect(run.config.backbone).toBe(backbone);
    expect((await getRun(api, team.member.token, run.id)).config.backbone).toBe(backbone);
  });

  it('accepts unfreezeFrom only for FINE_TUNE', async () => {
    const { team, dataset } = await teamWithDataset();
    const result = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION', unfreezeFrom: 'block4_conv1' } }, team.member.token);
    expectError(result, 'BAD_USER_INPUT', /unfreezeFrom applies only to the FINE_TUNE strategy/);
    expect(result.errors![0]!.extensions?.fields).toEqual({ unfreezeFrom: 'applies only to the FINE_TUNE strategy' });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FINE_TUNE', unfreezeFrom: 'block4_conv1' });
    expect(run.config.unfreezeFrom).toBe('block4_conv1');
  });

  it('refuses a dataset with fewer than two classes, saying what to do', async () => {
    const { team, dataset } = await teamWithDataset({ daisy: 4 });
    const one = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION' } }, team.member.token);
    expectError(one, 'BAD_USER_INPUT', /only one class \(daisy\).*at least two classes.*Upload images of another class/);
    const { dataset: empty } = await createImageDataset(api, team, {});
    const none = await api.gql(START, { input: { datasetId: empty.id, strategy: 'FEATURE_EXTRACTION' } }, team.member.token);
    expectError(none, 'BAD_USER_INPUT', /has no images yet/);
    expect(await runsOfTeam(team.teamId)).toEqual([]);
  });

  it('lets viewers read runs but not start or cancel them', async () => {
    const { team, dataset } = await teamWithDataset();
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE' });
    expect((await getRun(api, team.viewer.token, run.id)).id).toBe(run.id);
    expectError(await api.gql(START, { input: { datasetId: dataset.id, strategy: 'BASELINE' } }, team.viewer.token), 'FORBIDDEN', /MEMBER role/);
    expectError(await api.gql(CANCEL_RUN, { id: run.id }, team.viewer.token), 'FORBIDDEN');
    expect((await getRun(api, team.viewer.token, run.id)).status).toBe('QUEUED');
  });

  it("shows another team nothing of a team's runs and lets it touch none", async () => {
    const a = await teamWithDataset();
    const b = await createTeamFixture(api);
    const run = await startRun(api, a.team.member.token, { datasetId: a.dataset.id, strategy: 'BASELINE' });
    const outsider = b.owner.token;
    expectError(await api.gql(`query ($id: ID!) { run(id: $id) { id } }`, { id: run.id }, outsider), 'NOT_FOUND');
    expectError(await api.gql(`query ($teamId: ID!) { runs(teamId: $teamId) { id } }`, { teamId: a.team.teamId }, outsider), 'NOT_FOUND');
    // Asking for A's run through B's own team finds nothing.
    const throughOwnTeam = await api.must<{ runs: unknown[] }>(`query ($teamId: ID!, $ids: [ID!]) { runs(teamId: $teamId, ids: $ids) { id } }`, { teamId: b.teamId, ids: [run.id] }, outsider);
    expect(throughOwnTeam.runs).toEqual([]);
    expectError(await api.gql(START, { input: { datasetId: a.dataset.id, strategy: 'BASELINE' } }, outsider), 'NOT_FOUND', /Dataset not found/);
    expectError(await api.gql(CANCEL_RUN, { id: run.id }, outsider), 'NOT_FOUND');
    // Ids that are not even uuids are just not found.
    expectError(await api.gql(`query { run(id: "not-a-run") { id } }`, {}, outsider), 'NOT_FOUND');
    expect((await getRun(api, a.team.member.token, run.id)).status).toBe('QUEUED');
    // A worker token is not a user: startRun is outside what it may reach.
    expectError(await api.gql(START, { input: { datasetId: a.dataset.id, strategy: 'BASELINE' } }, await api.workerToken()), 'FORBIDDEN', /Mutation\.startRun/);
  });

  it('cancels a queued run at once, and refuses to cancel it again', async () => {
    const { team, dataset } = await teamWithDataset();
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE' });
    const canceled = await api.must<{ cancelRun: { status: string } }>(CANCEL_RUN, { id: run.id }, team.member.token);
    expect(canceled.cancelRun.status).toBe('CANCELED');
    const view = await getRun(api, team.member.token, run.id);
    expect(view.finishedAt).not.toBeNull();
    expectError(await api.gql(CANCEL_RUN, { id: run.id }, team.member.token), 'CONFLICT', /already CANCELED; only queued or running runs can be canceled/);
  });

  it('lists runs newest first, by status, and side by side in the order asked', async () => {
    const { team, dataset } = await teamWithDataset();
    const started: RunView[] = [];
    for (let i = 0; i < 3; i++) started.push(await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', name: `run ${i}` }));
    await api.must(CANCEL_RUN, { id: started[1]!.id }, team.member.token);
    const [first, second, third] = started.map((run) => run.id);

    const listed = await api.must<{ run: { team: { all: { id: string }[]; queued: { id: string }[]; top: { id: string }[] } } }>(
      `query ($id: ID!) { run(id: $id) { team { all: runs { id } queued: runs(status: QUEUED) { id } top: runs(first: 1) { id } } } }`,
      { id: first },
      team.viewer.token,
    );
    expect(listed.run.team.all.map((r) => r.id)).toEqual([third, second, first]);
    expect(listed.run.team.queued.map((r) => r.id)).toEqual([third, first]);
    expect(listed.run.team.top.map((r) => r.id)).toEqual([third]);

    const compared = await api.must<{ runs: { id: string; name: string }[] }>(
      `query ($teamId: ID!, $ids: [ID!]) { runs(teamId: $teamId, ids: $ids) { id name } }`,
      { teamId: team.teamId, ids: [first, 'nonsense', third] },
      team.viewer.token,
    );
    expect(compared.runs).toEqual([
      { id: first, name: 'run 0' },
      { id: third, name: 'run 2' },
    ]);
    const bad = await api.gql(`query ($id: ID!) { run(id: $id) { team { runs(first: 0) { id } } } }`, { id: first }, team.viewer.token);
    expectError(bad, 'BAD_USER_INPUT', /first must be between 1 and 500/);
  });

  it('returns every Run field for a queued run', async () => {
    const { team, dataset } = await teamWithDataset();
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION' });
    const data = await api.must<{ run: RunView & { model: null } }>(`query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} model { id } } }`, { id: run.id }, team.viewer.token);
    expect(data.run).toMatchObject({ id: run.id, worker: null, failure: null, model: null, bestValAccuracy: null });
  });
});
