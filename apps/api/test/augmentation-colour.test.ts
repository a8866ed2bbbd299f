import { eq } from 'drizzle-orm';
import { runs } from '@transferlab/db/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { createImageDataset, createTeamFixture, expectError, settleLeftoverRuns, startRun } from './runs-fixtures';

const START = `mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`;

describe.each(DB_KINDS)('colour jitter in StartRunInput.augmentation (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  async function teamWithDataset() {
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { daisy: 2, tulips: 2 });
    return { team, dataset };
  }

  it('accepts saturation and hue and stores them in the run config; left out, they are 0', async () => {
    const { team, dataset } = await teamWithDataset();
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32, augmentation: { brightness: 0.1, saturation: 0.3, hue: 0.05 } });
    expect(run.config.augmentation).toEqual({ flip: false, rotationDegrees: 0, zoom: 0, brightness: 0.1, contrast: 0, saturation: 0.3, hue: 0.05 });
    const [row] = await api.database.db.select().from(runs).where(eq(runs.id, run.id));
    expect((row?.config as { augmentation: unknown }).augmentation).toEqual(run.config.augmentation);

    const plain = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', imageSize: 32, augmentation: { flip: true } });
    expect(plain.config.augmentation).toMatchObject({ saturation: 0, hue: 0 });
  });

  it('refuses values past their bounds, naming each bound, and stores nothing', async () => {
    const { team, dataset } = await teamWithDataset();
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
});
