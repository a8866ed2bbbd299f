// A model is loaded into a prediction worker when its run finishes and when an alias moves to it,
// so the first predict finds it loaded. Observed through the pool's count of models read from
// disk (every load, by a warm-up or a prediction), not through timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { storeModel, trainTinyModel, type TrainedModel } from './models-fixture';
import { createTeamFixture, FINISH_RUN, startClaimedRun, uploadModel, type TeamFixture } from './runs-fixtures';

const PREDICT = `mutation ($modelId: ID!, $image: String!) { predict(modelId: $modelId, imageBase64: $image, topK: 1) { label } }`;
const SET_ALIAS = `mutation ($modelId: ID!, $alias: String!) { setModelAlias(modelId: $modelId, alias: $alias) { id } }`;

let trained: TrainedModel;
beforeAll(async () => {
  trained = await trainTinyModel();
});
afterAll(() => trained?.dispose());

describe.each(DB_KINDS)('model warming (%s)', (kind) => {
  let api: TestApi;
  let team: TeamFixture;
  let worker: string;
  beforeAll(async () => {
    // One thread: the warm-up and the prediction meet the same worker's cache.
    api = await startTestApi(kind, { predictThreads: 1 });
    team = await createTeamFixture(api);
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());

  const stats = () => api.server.services.predict.stats();
  async function loadsSettleAt(expected: number) {
    // The warm-up runs after the mutation answered: wait for it (the worker starts cold here).
    const until = Date.now() + 120_000;
    while (stats().modelLoads < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(stats()).toMatchObject({ modelLoads: expected, busy: 0, queued: 0 });
  }
  const predict = (modelId: string) => api.must<{ predict: { label: string }[] }>(PREDICT, { modelId, image: trained.images[0]!.bytes.toString('base64') }, team.viewer.token);

  it('loads the model of a finished run before anyone asks, and the first prediction does not load it', async () => {
    const { run, leaseId } = await startClaimedRun(api, worker, team);
    const lease = { runId: run.id, leaseId };
    expect((await uploadModel(api, lease, worker, trained.bytes)).status).toBe(201);
    expect(stats().modelLoads).toBe(0);
    const finished = await api.must<{ finishRun: { status: string; model: { id: string } } }>(FINISH_RUN, lease, worker);
    expect(finished.finishRun.status).toBe('SUCCEEDED');
    await loadsSettleAt(1);

    const { predict: predictions } = await predict(finished.finishRun.model.id);
    expect(trained.metadata.classes).toContain(predictions[0]!.label);
    expect(stats().modelLoads).toBe(1);
  }, 180_000);

  it('loads a version when an alias moves to it; moving it again to a loaded version loads nothing', async () => {
    const before = stats().modelLoads;
    const model = await storeModel(api, trained, { teamId: team.teamId, name: 'alias-warm', version: 1 });
    await api.must(SET_ALIAS, { modelId: model.id, alias: 'production' }, team.member.token);
    await loadsSettleAt(before + 1);
    await predict(model.id);
    await api.must(SET_ALIAS, { modelId: model.id, alias: 'staging' }, team.member.token);
    await new Promise((r) => setTimeout(r, 200));
    expect(stats().modelLoads).toBe(before + 1);
  }, 180_000);
});
