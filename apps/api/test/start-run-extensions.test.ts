import { eq } from 'drizzle-orm';
import { runs } from '@transferlab/db/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { createTeamWithDataset, expectError, settleLeftoverRuns, startRun } from './runs-fixtures';

const START = `mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`;

// StartRunInput's extensions beyond the contract: colour jitter in augmentation, and testSplit. The
// run's config, which the worker hands to ml-core as it is, carries them; ml-core holds testSplit out
// of training and of every choice, and the model's testEvaluation reports it
// (model-test-evaluation.test.ts covers that side).
describe.each(DB_KINDS)('StartRunInput extensions: colour jitter and testSplit (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  it('accepts saturation and hue and stores them in the run config; left out, they are 0', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32, augmentation: { brightness: 0.1, saturation: 0.3, hue: 0.05 } });
    expect(run.config.augmentation).toEqual({ flip: false, rotationDegrees: 0, zoom: 0, brightness: 0.1, contrast: 0, saturation: 0.3, hue: 0.05 });
    const [row] = await api.database.db.select().from(runs).where(eq(runs.id, run.id));
    expect((row?.config as { augmentation: unknown }).augmentation).toEqual(run.config.augmentation);

    const plain = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32, augmentation: { flip: true } });
    expect(plain.config.augmentation).toMatchObject({ saturation: 0, hue: 0 });
  });

  it('refuses values past their bounds, naming each bound, and stores nothing', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const result = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'BASELINE', augmentation: { saturation: 1.5, hue: -0.1 } } }, team.member.token);
    expectError(result, 'BAD_USER_INPUT');
    expect(result.errors![0]!.extensions?.fields).toEqual({
      'augmentation.saturation': 'must be at most 1 (got 1.5)',
      'augmentation.hue': 'must be at least 0 (got -0.1)',
    });
    const tooFar = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'BASELINE', augmentation: { hue: 0.75 } } }, team.member.token);
    expectError(tooFar, 'BAD_USER_INPUT', /augmentation\.hue must be at most 0\.5 \(got 0\.75\)/);
    expect(await api.database.db.select().from(runs).where(eq(runs.teamId, team.teamId))).toEqual([]);
  });

  it('stores the test split in the run config; left out, it is 0', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32, testSplit: 0.25 });
    expect(run.config.testSplit).toBe(0.25);
    const [row] = await api.database.db.select().from(runs).where(eq(runs.id, run.id));
    expect((row?.config as { testSplit: unknown }).testSplit).toBe(0.25);
    const plain = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32 });
    expect(plain.config.testSplit).toBe(0);
  });

  it('refuses a test split past its bound, or one that leaves too little to train on, naming the bound, and stores nothing', async () => {
    const { team, dataset } = await createTeamWithDataset(api);
    const over = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'BASELINE', testSplit: 0.7 } }, team.member.token);
    expectError(over, 'BAD_USER_INPUT');
    expect(over.errors![0]!.extensions?.fields).toEqual({ testSplit: 'must be at most 0.5 (got 0.7)' });
    const together = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'BASELINE', testSplit: 0.5, validationSplit: 0.45 } }, team.member.token);
    expectError(together, 'BAD_USER_INPUT', /testSplit plus validationSplit must be at most 0\.9/);
    expect(await api.database.db.select().from(runs).where(eq(runs.teamId, team.teamId))).toEqual([]);
  });
});
