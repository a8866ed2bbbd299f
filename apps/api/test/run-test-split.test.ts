import { eq } from 'drizzle-orm';
import { runs } from '@transferlab/db/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { createImageDataset, createTeamFixture, expectError, settleLeftoverRuns, startRun } from './runs-fixtures';

const START = `mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`;

// StartRunInput.testSplit (an extension) reaches the run's config, which the worker hands to ml-core
// as it is: ml-core holds the fraction out of training and of every choice, and the model's
// testEvaluation reports it (model-test-evaluation.test.ts covers that side).
describe.each(DB_KINDS)('StartRunInput.testSplit (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  async function teamWithDataset() {
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { daisy: 4, tulips: 4 });
    return { team, dataset };
  }

  it('stores the test split in the run config; left out, it is 0', async () => {
    const { team, dataset } = await teamWithDataset();
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32, testSplit: 0.25 });
    expect(run.config.testSplit).toBe(0.25);
    const [row] = await api.database.db.select().from(runs).where(eq(runs.id, run.id));
    expect((row?.config as { testSplit: unknown }).testSplit).toBe(0.25);
    const plain = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32 });
    expect(plain.config.testSplit).toBe(0);
  });

  it('refuses a test split past its bound, or one that leaves too little to train on, naming the bound, and stores nothing', async () => {
    const { team, dataset } = await teamWithDataset();
    const over = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'BASELINE', testSplit: 0.7 } }, team.member.token);
    expectError(over, 'BAD_USER_INPUT');
    expect(over.errors![0]!.extensions?.fields).toEqual({ testSplit: 'must be at most 0.5 (got 0.7)' });
    const together = await api.gql(START, { input: { datasetId: dataset.id, strategy: 'BASELINE', testSplit: 0.5, validationSplit: 0.45 } }, team.member.token);
    expectError(together, 'BAD_USER_INPUT', /testSplit plus validationSplit must be at most 0\.9/);
    expect(await api.database.db.select().from(runs).where(eq(runs.teamId, team.teamId))).toEqual([]);
  });
});
