import { startTestApi, type DbKind, type TestApi } from '../test/harness';
import { storeModel, type TrainedModel } from '../test/models-fixture';
import { uploadModel } from '../test/runs-fixtures';
import { distribution, round } from './bench-lines';
import { postGraphql } from './post-graphql';
import { runningRun, seedBenchTeam, signedInMember, type BenchTeam } from './seed-bench-team';

const PREDICT = 'mutation ($modelId: ID!, $image: String!) { predict(modelId: $modelId, imageBase64: $image, topK: 1) { label } }';
const SET_ALIAS = 'mutation ($modelId: ID!, $alias: String!) { setModelAlias(modelId: $modelId, alias: $alias) { id } }';
const FINISH_RUN = 'mutation ($runId: ID!, $leaseId: ID!) { finishRun(runId: $runId, leaseId: $leaseId) { status model { id } } }';
const WARM_CALLS = 20;

async function timedPredict(api: TestApi, team: BenchTeam, modelId: string, image: string): Promise<number> {
  const start = performance.now();
  await postGraphql(api.server.url, PREDICT, { modelId, image }, team.viewerTokens[0]!);
  return round(performance.now() - start);
}

/** The worker's end of a run (model upload, finishRun), then at once one predict with its model, as a tool waiting on the run would. */
async function finishThenPredict(api: TestApi, team: BenchTeam, trained: TrainedModel, lease: { runId: string; leaseId: string }) {
  const upload = await uploadModel(api, lease, team.workerToken, trained.bytes);
  if (upload.status !== 201) throw new Error(`The model upload answered ${upload.status}: ${await upload.text()}`);
  const finishStarted = performance.now();
  const { data } = await postGraphql<{ finishRun: { status: string; model: { id: string } | null } }>(api.server.url, FINISH_RUN, lease, team.workerToken);
  const finishRunMs = round(performance.now() - finishStarted);
  if (!data.finishRun.model) throw new Error(`finishRun answered ${JSON.stringify(data.finishRun)} without a model.`);
  return { finishRunMs, firstCallMs: await timedPredict(api, team, data.finishRun.model.id, trained.images[0]!.bytes.toString('base64')) };
}

/**
 * The first predict after a run that trained for longer than a prediction thread's idle time, on
 * an API started fresh for it (no thread yet) with TRANSFERLAB_PREDICT_WHILE_TRAINING on and off:
 * on, the claim started a thread and it was kept while the run trained; off, the thread starts
 * when finishRun warms the model, and the call waits for that.
 */
export async function measurePredictionAfterTraining(kind: DbKind, trained: TrainedModel, threadIdleSeconds: number) {
  const idleMs = Math.round(threadIdleSeconds * 1000);
  const trainedForMs = 3 * idleMs;
  const firstCall = async (predictWhileTraining: boolean) => {
    const api = await startTestApi(kind, { predictWhileTraining, predictIdleMs: idleMs });
    try {
      const team = await seedBenchTeam(api, 1);
      const lease = await runningRun(api, team);
      await new Promise((r) => setTimeout(r, trainedForMs));
      const threadsAtFinish = api.server.services.predict.stats().workers;
      return { ...(await finishThenPredict(api, team, trained, lease)), threadsAtFinish };
    } finally {
      await api.close();
    }
  };
  return { idleMs, trainedForMs, predictWhileTraining: await firstCall(true), withoutIt: await firstCall(false) };
}

/**
 * One predict over GraphQL, one after another, in three situations: the first call of an idle API
 * (it starts a worker thread, then loads the model), the first call for a model no worker holds
 * (a model stored without warming, as before warming existed), and the first call after an alias
 * moved to a new version (the API warmed it; the bench waits for that, as a user would not have
 * to). Then the first call after a run finishes through the worker protocol (claim, model upload,
 * finishRun), sent as soon as finishRun answers, as a tool waiting on the run would: the API's
 * warm-up of that model is under way by then, so this is what warming on finish leaves a user to
 * wait. Then `WARM_CALLS` calls with the model loaded.
 */
export async function measureFirstPrediction(api: TestApi, team: BenchTeam, trained: TrainedModel) {
  const pool = api.server.services.predict;
  const member = await signedInMember(api, team.teamId, 'MEMBER');
  const image = trained.images[0]!.bytes.toString('base64');
  const timed = (modelId: string) => timedPredict(api, team, modelId, image);
  const store = (version: number) => storeModel(api, trained, { teamId: team.teamId, name: 'bench-predict', version });

  const first = await store(1);
  const idleApiFirstCallMs = await timed(first.id);
  const coldModelFirstCallMs = await timed((await store(2)).id);

  const aliased = await store(3);
  const loadsBefore = pool.stats().modelLoads;
  const aliasMoved = performance.now();
  await postGraphql(api.server.url, SET_ALIAS, { modelId: aliased.id, alias: 'production' }, member.token);
  while (pool.stats().modelLoads === loadsBefore && performance.now() - aliasMoved < 120_000) await new Promise((r) => setTimeout(r, 10));
  const warmingMs = round(performance.now() - aliasMoved);
  const loadsAfterWarming = pool.stats().modelLoads;
  const warmedFirstCallMs = await timed(aliased.id);
  const firstCallLoaded = pool.stats().modelLoads !== loadsAfterWarming;

  const loadsBeforeFinish = pool.stats().modelLoads;
  const { finishRunMs, firstCallMs: afterFinishFirstCallMs } = await finishThenPredict(api, team, trained, await runningRun(api, team));
  // One load means the warm-up's, which the call waited for; two would mean it loaded it again.
  const afterFinishLoads = pool.stats().modelLoads - loadsBeforeFinish;

  const warm: number[] = [];
  for (let i = 0; i < WARM_CALLS; i++) warm.push(await timed(aliased.id));
  return {
    model: `ml-core BASELINE ${trained.metadata.imageSize} px, ${trained.metadata.classes.length} classes (test/models-fixture trainTinyModel)`,
    idleApiFirstCallMs,
    coldModelFirstCallMs,
    warmingMs,
    warmedFirstCallMs,
    firstCallLoaded,
    finishRunMs,
    afterFinishFirstCallMs,
    afterFinishLoads,
    warmMs: distribution(warm),
  };
}
