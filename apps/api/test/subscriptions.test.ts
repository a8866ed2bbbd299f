import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { createDatabase, type Database } from '@transferlab/db';
import { teamMembers } from '@transferlab/db/schema';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../src/logger';
import { startApiServer } from '../src/server';
import { ACCESS_RECHECK_MS } from '../src/resolvers/subscriptions/team-access';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import {
  CANCEL_RUN,
  claimRun,
  createImageDataset,
  createPerson,
  createTeamFixture,
  epochMetric,
  FINISH_RUN,
  getRun,
  modelFiles,
  progress,
  REPORT_EPOCH,
  REPORT_PROGRESS,
  settleLeftoverRuns,
  sleep,
  startClaimedRun,
  startRun,
  subscribe,
  uploadModel,
  waitUntilLive,
  type LeaseRef,
  type TeamFixture,
} from './runs-fixtures';

const RUN_EVENTS = `subscription ($runId: ID!) { runEvents(runId: $runId) {
  __typename
  ... on RunProgressEvent { run { id } progress { phase epoch epochs batch batches etaSeconds } }
  ... on RunEpochEvent { run { id bestValAccuracy } metric { phase epoch valAccuracy } }
  ... on RunStatusEvent { run { id status } status error }
} }`;
const TEAM_RUNS = 'subscription ($teamId: ID!) { teamRuns(teamId: $teamId) { id status name } }';

interface RunEvent {
  runEvents: {
    __typename: string;
    run: { id: string; status?: string; bestValAccuracy?: number };
    progress?: { batch: number };
    metric?: { phase: string; epoch: number; valAccuracy: number };
    status?: string;
    error?: string | null;
  };
}
interface TeamRunEvent {
  teamRuns: { id: string; status: string; name: string | null };
}

describe.each(DB_KINDS)('live run events (%s)', (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  async function runningRun(team?: TeamFixture) {
    team ??= await createTeamFixture(api);
    const started = await startClaimedRun(api, worker, team);
    return { team, ...started, lease: { runId: started.run.id, leaseId: started.leaseId } };
  }
  const reportProgress = (lease: LeaseRef, batch: number) => api.must(REPORT_PROGRESS, { ...lease, progress: progress(batch) }, worker);

  it('streams progress, every epoch in order and the status change over a real socket', async () => {
    const { team, run, lease } = await runningRun();
    const sub = subscribe<RunEvent>(api.ws(team.viewer.token), RUN_EVENTS, { runId: run.id });
    await waitUntilLive(sub, () => reportProgress(lease, 1));

    await reportProgress(lease, 7);
    const metrics = [epochMetric('FEATURE_EXTRACTION', 1, 0.5), epochMetric('FEATURE_EXTRACTION', 2, 0.75), epochMetric('FEATURE_EXTRACTION', 2, 0.75), epochMetric('FINE_TUNE', 1, 0.9)];
    for (const metric of metrics) await api.must(REPORT_EPOCH, { ...lease, metric }, worker);
    expect((await uploadModel(api, lease, worker, modelFiles())).status).toBe(201);
    await api.must(FINISH_RUN, lease, worker);

    const events = (await sub.until((values) => values.some((v) => v.runEvents.__typename === 'RunStatusEvent'))).map((v) => v.runEvents);
    expect(events.filter((e) => e.__typename === 'RunProgressEvent').map((e) => e.progress?.batch)).toEqual([7]);
    expect(events.filter((e) => e.__typename === 'RunEpochEvent').map((e) => [e.metric?.phase, e.metric?.epoch, e.metric?.valAccuracy])).toEqual([
      ['FEATURE_EXTRACTION', 1, 0.5],
      ['FEATURE_EXTRACTION', 2, 0.75],
      ['FINE_TUNE', 1, 0.9],
    ]);
    expect(events.at(-1)).toEqual({ __typename: 'RunStatusEvent', run: { id: run.id, status: 'SUCCEEDED' }, status: 'SUCCEEDED', error: null });
    expect(events.every((e) => e.run.id === run.id)).toBe(true);
    expect(sub.errors).toEqual([]);
  });

  it('stores and publishes an epoch reported twice at once exactly once, and a later report of it changes nothing, not even the best accuracy', async () => {
    const { team, run, lease } = await runningRun();
    const sub = subscribe<RunEvent>(api.ws(team.viewer.token), RUN_EVENTS, { runId: run.id });
    await waitUntilLive(sub, () => reportProgress(lease, 1));

    // A retry racing the report it retries: either may be first, and only the first is kept.
    await Promise.all([0.6, 0.7].map((valAccuracy) => api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 1, valAccuracy) }, worker)));
    await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 1, 0.95) }, worker);
    await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 2, 0.5) }, worker);

    const events = (await sub.until((values) => values.some((v) => v.runEvents.metric?.epoch === 2))).map((v) => v.runEvents).filter((e) => e.__typename === 'RunEpochEvent');
    expect(events.map((e) => e.metric?.epoch)).toEqual([1, 2]);
    const kept = events[0]!.metric!.valAccuracy;
    expect([0.6, 0.7]).toContain(kept);
    const stored = await getRun(api, team.viewer.token, run.id);
    expect(stored.metrics.map((m) => [m.epoch, m.valAccuracy])).toEqual([
      [1, kept],
      [2, 0.5],
    ]);
    // The best is the kept report's, never the 0.95 of the report that came too late.
    expect(stored.bestValAccuracy).toBeCloseTo(kept, 6);
    expect(events[1]!.run.bestValAccuracy).toBeCloseTo(kept, 6);
    expect(sub.errors).toEqual([]);
  });

  it("keeps one team's run events from another team's subscribers", async () => {
    const { team: a, run, lease } = await runningRun();
    const b = await createTeamFixture(api);
    const outsider = api.ws(b.owner.token);

    const refused = subscribe(outsider, RUN_EVENTS, { runId: run.id });
    await refused.ended;
    expect(refused.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    const refusedTeam = subscribe(outsider, TEAM_RUNS, { teamId: a.teamId });
    await refusedTeam.ended;
    expect(refusedTeam.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);

    // B's own team stream sees B's runs only, even while A's run reports and changes status.
    const own = subscribe<TeamRunEvent>(outsider, TEAM_RUNS, { teamId: b.teamId });
    const { dataset: bData } = await createImageDataset(api, b, { x: 1, y: 1 });
    const probeRun = await startRun(api, b.member.token, { datasetId: bData.id, strategy: 'BASELINE', name: 'b-probe' });
    await waitUntilLive(own, () => api.server.services.events.publish({ type: 'teamRun', teamId: b.teamId, runId: probeRun.id }));
    await reportProgress(lease, 2);
    await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 1, 0.5) }, worker);
    await api.must(CANCEL_RUN, { id: run.id }, a.member.token);
    await startRun(api, a.member.token, { datasetId: (await createImageDataset(api, a, { p: 1, q: 1 })).dataset.id, strategy: 'BASELINE', name: 'a-run' });
    // Something of B's last: once it arrives, everything before it has been delivered, or never will be.
    await startRun(api, b.member.token, { datasetId: bData.id, strategy: 'BASELINE', name: 'b-last' });
    const seen = await own.until((values) => values.some((v) => v.teamRuns.name === 'b-last'));
    expect(seen.map((v) => v.teamRuns.name)).toEqual(['b-last']);
  });

  it("streams a team's runs as they are created and change status", async () => {
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { daisy: 1, tulips: 1 });
    const first = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', name: 'first' });
    const sub = subscribe<TeamRunEvent>(api.ws(team.viewer.token), TEAM_RUNS, { teamId: team.teamId });
    await waitUntilLive(sub, () => api.server.services.events.publish({ type: 'teamRun', teamId: team.teamId, runId: first.id }));

    await api.must(CANCEL_RUN, { id: first.id }, team.member.token);
    const second = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', name: 'second' });
    await claimRun(api, worker);
    const seen = (await sub.until((values) => values.length >= 3)).map((v) => v.teamRuns);
    // One value per change, each the run as it is when delivered (the new run may be claimed already).
    expect(seen.map((r) => [r.id, r.name])).toEqual([
      [first.id, 'first'],
      [second.id, 'second'],
      [second.id, 'second'],
    ]);
    expect(seen[0]?.status).toBe('CANCELED');
    expect(['QUEUED', 'RUNNING']).toContain(seen[1]?.status);
    expect(seen[2]?.status).toBe('RUNNING');
    await sleep(100);
    expect(sub.values).toHaveLength(3);
  });

  it('stops streaming to a member who is removed from the team', async () => {
    const { team, run, lease } = await runningRun();
    const leaving = await createPerson(api, team.teamId, 'VIEWER');
    const staying = subscribe<RunEvent>(api.ws(team.viewer.token), RUN_EVENTS, { runId: run.id });
    const sub = subscribe<RunEvent>(api.ws(leaving.token), RUN_EVENTS, { runId: run.id });
    await waitUntilLive(sub, () => reportProgress(lease, 1));
    await waitUntilLive(staying, () => reportProgress(lease, 1));

    await api.database.db.delete(teamMembers).where(and(eq(teamMembers.teamId, team.teamId), eq(teamMembers.userId, leaving.userId)));
    await sleep(ACCESS_RECHECK_MS + 200);
    await reportProgress(lease, 5);
    await sub.ended;
    await staying.until((values) => values.length > 0);
    expect(sub.values).toEqual([]);
    expect(sub.errors).toMatchObject([{ message: 'Run not found, or you cannot see it.', extensions: { code: 'NOT_FOUND' } }]);
    expect(sub.completed).toBe(true);
    expect(staying.values.map((v) => v.runEvents.progress?.batch)).toEqual([5]);
  });

  it('delivers an epoch reported through one API server to a subscriber of another on the same database', async () => {
    const { team, run, lease } = await runningRun();
    // Two processes in production; here two servers, each with its own event bus and LISTEN, on one database.
    const secondDatabase: Database = kind === 'postgres' ? await createDatabase({ url: api.database.url! }) : api.database;
    const dataDir = await mkdtemp(join(tmpdir(), 'transferlab-api-2-'));
    const second = await startApiServer({ database: secondDatabase, dataDir, logger: createLogger('silent'), predictThreads: 1 });
    const client = createClient({ url: second.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${team.viewer.token}` }, retryAttempts: 0, lazy: true });
    try {
      const sub = subscribe<RunEvent>(client, RUN_EVENTS, { runId: run.id });
      await waitUntilLive(sub, () => reportProgress(lease, 1));
      await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 1, 0.66) }, worker);
      const [event] = await sub.until((values) => values.some((v) => v.runEvents.__typename === 'RunEpochEvent'));
      expect(event?.runEvents).toMatchObject({ __typename: 'RunEpochEvent', run: { id: run.id }, metric: { phase: 'FEATURE_EXTRACTION', epoch: 1, valAccuracy: 0.66 } });
      expect(event?.runEvents.run.bestValAccuracy).toBeCloseTo(0.66, 5);
    } finally {
      await client.dispose();
      await second.close();
      if (secondDatabase !== api.database) await secondDatabase.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
