import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { datasetImages, runs } from '@transferlab/db/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, overSocket, startTestApi, type GqlResult, type TestApi } from './harness';
import {
  apiBase,
  createImageDataset,
  createTeamFixture,
  settleLeftoverRuns,
  startClaimedRun,
  startRun,
  type TeamFixture,
} from './runs-fixtures';

const WORKER = { name: 'gpu-1', backend: 'tensorflow' };
const CLAIM = (selection: string) => `mutation ($worker: WorkerInfoInput!) { claimRun(worker: $worker) { ${selection} } }`;
const refusedFields = (result: GqlResult) => (result.errors ?? []).map((e) => [e.extensions?.code, e.message.match(/; (\w+\.\w+) is not part of that/)?.[1]]);

describe.each(DB_KINDS)('what a worker token can read (%s)', (kind) => {
  let api: TestApi;
  let worker: string;
  let team: TeamFixture;
  let emails: string[];
  beforeAll(async () => {
    api = await startTestApi(kind);
    worker = await api.workerToken('gpu-1');
    team = await createTeamFixture(api);
    // Anything that shows up in an answer would be a leak: the team's members' addresses.
    const { members } = (await api.must<{ team: { members: { user: { email: string } }[] } }>('query ($id: ID!) { team(id: $id) { members { user { email } } } }', { id: team.teamId }, team.owner.token)).team;
    emails = members.map((m) => m.user.email);
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  const leaks = (result: unknown) => emails.filter((email) => JSON.stringify(result).includes(email));
  const gqlAsWorker = (query: string, variables: Record<string, unknown> = {}) => api.gql(query, variables, worker);

  it('claims with everything training needs', async () => {
    const { dataset } = await createImageDataset(api, team, { daisy: 1, tulips: 1 });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE' });
    const result = await gqlAsWorker(
      CLAIM('run { id name status strategy config attempts dataset { id name imageCount classes { name trainCount valCount } } } config classes images { sha256 className split url } attempt leaseExpiresAt checkpointUrl'),
      { worker: WORKER },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ claimRun: { run: { id: run.id, dataset: { id: dataset.id, imageCount: 4 } }, classes: ['daisy', 'tulips'] } });
  });

  it("refuses the run's team, creator and the dataset's team and image listing, and leaks no email", async () => {
    for (const [selection, field] of [
      ['run { id createdBy { email } }', 'Run.createdBy'],
      ['run { id team { id name members { user { email } } } }', 'Run.team'],
      ['run { id dataset { id team { id runs { id } } } }', 'Dataset.team'],
      ['run { id dataset { id images { items { url } } } }', 'Dataset.images'],
    ] as const) {
      await startClaimable();
      const result = await gqlAsWorker(CLAIM(selection), { worker: WORKER });
      expect(refusedFields(result), selection).toContainEqual(['FORBIDDEN', field]);
      expect(leaks(result), selection).toEqual([]);
    }
  });

  it('refuses every query, and mutations outside the worker protocol, on HTTP and on the socket', async () => {
    const { run, dataset, leaseId } = await startClaimedRun(api, worker, team);
    const attempts: [string, string][] = [
      ['{ me { id email } }', 'Query.me'],
      [`{ team(id: "${team.teamId}") { id } }`, 'Query.team'],
      [`{ run(id: "${run.id}") { id } }`, 'Query.run'],
      [`{ runs(teamId: "${team.teamId}") { id } }`, 'Query.runs'],
      [`{ dataset(id: "${dataset.id}") { id } }`, 'Query.dataset'],
      [`{ model(id: "${randomUUID()}") { id } }`, 'Query.model'],
      [`mutation { createApiToken(teamId: "${team.teamId}", name: "x") { token } }`, 'Mutation.createApiToken'],
      [`mutation { cancelRun(id: "${run.id}") { id } }`, 'Mutation.cancelRun'],
    ];
    for (const [query, field] of attempts) expect(refusedFields(await gqlAsWorker(query)), query).toEqual([['FORBIDDEN', field]]);
    // The run it holds, streamed: refused too.
    const streamed = await overSocket(api.ws(worker), `subscription { runEvents(runId: "${run.id}") { __typename } }`);
    expect(refusedFields(streamed as GqlResult)).toEqual([['FORBIDDEN', 'Subscription.runEvents']]);
    const failed = await gqlAsWorker(`mutation ($runId: ID!, $leaseId: ID!) { failRun(runId: $runId, leaseId: $leaseId, failure: { code: "X", kind: "system", message: "m" }) { id status createdBy { email } } }`, { runId: run.id, leaseId });
    expect(refusedFields(failed)).toEqual([['FORBIDDEN', 'Run.createdBy']]);
    expect(leaks(failed)).toEqual([]);
  });

  it("downloads only images of the run it holds: not another worker's run, not one handed back, not through the dataset route", async () => {
    const mine = await startClaimedRun(api, worker, team);
    const other = await createTeamFixture(api);
    const theirs = await startClaimedRun(api, await api.workerToken('gpu-2'), other);
    const [myImage] = await imagesOf(mine.dataset.id);
    const [theirImage] = await imagesOf(theirs.dataset.id);
    const get = (path: string) => fetch(`${apiBase(api)}${path}`, { headers: { authorization: `Bearer ${worker}` } }).then((r) => r.status);

    expect(await get(`/api/worker/images/${myImage}`)).toBe(200);
    expect(await get(`/api/worker/images/${theirImage}`)).toBe(404);
    expect(await get(`/api/datasets/${mine.dataset.id}/images/${myImage}`)).toBe(401);
    expect(await get(`/api/runs/${theirs.run.id}/checkpoint`)).not.toBe(200);
    expect(await get(`/api/models/${randomUUID()}/model.json`)).toBe(401);
    // Once the run is no longer its own (finished, or handed to another worker), the images are closed to it.
    await api.database.db.update(runs).set({ status: 'CANCELED' }).where(eq(runs.id, mine.run.id));
    expect(await get(`/api/worker/images/${myImage}`)).toBe(404);
  });

  async function startClaimable() {
    await settleLeftoverRuns(api);
    const { dataset } = await createImageDataset(api, team, { daisy: 1, tulips: 1 });
    await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE' });
  }

  async function imagesOf(datasetId: string): Promise<string[]> {
    return (await api.database.db.select({ sha256: datasetImages.sha256 }).from(datasetImages).where(eq(datasetImages.datasetId, datasetId))).map((r) => r.sha256);
  }
});
