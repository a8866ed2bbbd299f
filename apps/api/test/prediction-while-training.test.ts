// TRANSFERLAB_PREDICT_WHILE_TRAINING: a claim starts a prediction thread and one is kept while any
// run trains, so the model a run makes is answered the moment it finishes, even when the run took
// longer than a thread's idle time. Observed through the pool's counts, not through timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { trainTinyModel, type TrainedModel } from './models-fixture';
import { createTeamFixture, FINISH_RUN, startClaimedRun, uploadModel, type TeamFixture } from './runs-fixtures';

const PREDICT = `mutation ($modelId: ID!, $image: String!) { predict(modelId: $modelId, imageBase64: $image, topK: 1) { label } }`;
const IDLE_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let trained: TrainedModel;
beforeAll(async () => {
  trained = await trainTinyModel();
});
afterAll(() => trained?.dispose());

describe.each(DB_KINDS)('a prediction thread while runs train (%s)', (kind) => {
  let api: TestApi;
  let quiet: TestApi;
  let team: TeamFixture;
  let worker: string;
  beforeAll(async () => {
    [api, quiet] = await Promise.all([startTestApi(kind, { predictWhileTraining: true, predictIdleMs: IDLE_MS }), startTestApi(kind, { predictWhileTraining: false, predictIdleMs: IDLE_MS })]);
    team = await createTeamFixture(api);
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => Promise.all([api.close(), quiet.close()]));

  const stats = () => api.server.services.predict.stats();
  async function until(done: () => boolean, what: string) {
    const deadline = Date.now() + 60_000;
    while (!done() && Date.now() < deadline) await sleep(25);
    if (!done()) throw new Error(`timed out waiting until ${what}: ${JSON.stringify(stats())}`);
  }

  it('starts a thread when a run is claimed, keeps it past its idle time while the run trains, and lets it go once none trains', async () => {
    expect(stats().workers).toBe(0);
    const { run, leaseId } = await startClaimedRun(api, worker, team);
    expect(stats().workers).toBe(1);
    // Ten idle periods: an idle thread would have ended after the first.
    await sleep(IDLE_MS * 10);
    expect(stats()).toMatchObject({ workers: 1, retired: 0, replaced: 0 });

    const lease = { runId: run.id, leaseId };
    expect((await uploadModel(api, lease, worker, trained.bytes)).status).toBe(201);
    const finished = await api.must<{ finishRun: { model: { id: string } } }>(FINISH_RUN, lease, worker);
    await until(() => stats().modelLoads === 1 && stats().busy === 0, "the finished run's model is loaded");
    // The first prediction finds the thread and the model there: nothing more is loaded or started.
    const { predict } = await api.must<{ predict: { label: string }[] }>(PREDICT, { modelId: finished.finishRun.model.id, image: trained.images[0]!.bytes.toString('base64') }, team.viewer.token);
    expect(trained.metadata.classes).toContain(predict[0]!.label);
    expect(stats()).toMatchObject({ workers: 1, modelLoads: 1, retired: 0, replaced: 0 });

    // No run trains now: the thread ends like any idle one, releasing its memory.
    await until(() => stats().workers === 0, 'the idle thread ends');
    expect(stats()).toMatchObject({ retired: 1, replaced: 0 });
  }, 120_000);

  it('starts no thread on a claim when the setting is off', async () => {
    const quietTeam = await createTeamFixture(quiet);
    await startClaimedRun(quiet, await quiet.workerToken('gpu-2'), quietTeam);
    await sleep(IDLE_MS);
    expect(quiet.server.services.predict.stats()).toMatchObject({ workers: 0, modelLoads: 0 });
  });
});
