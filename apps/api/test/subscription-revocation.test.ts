import { sessions } from '@transferlab/db/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../src/auth/tokens';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import {
  createPerson,
  createTeamFixture,
  progress,
  REPORT_PROGRESS,
  settleLeftoverRuns,
  sleep,
  startClaimedRun,
  subscribe,
  waitUntilLive,
  type Subscription,
  type LeaseRef,
  type TeamFixture,
} from './runs-fixtures';
import { CREATE_TOKEN, REMOVE, REVOKE } from './team-operations';

const RUN_EVENTS = 'subscription ($runId: ID!) { runEvents(runId: $runId) { __typename ... on RunProgressEvent { progress { batch } } } }';
const TEAM_RUNS = 'subscription ($teamId: ID!) { teamRuns(teamId: $teamId) { id } }';
// What the issue asks: a stream ends within 5 s of the credential or membership ending.
const END_WITHIN_MS = 5_000;

describe.each(DB_KINDS)('subscriptions end when their access does (%s)', (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  /** A claimed run: its id, and the lease the worker reports with. */
  const runningRun = async (team: TeamFixture) => {
    const { run, leaseId } = await startClaimedRun(api, worker, team);
    return { id: run.id, lease: { runId: run.id, leaseId } };
  };

  /** Subscribes to the run's events and waits until they flow. */
  async function liveRunEvents(token: string, lease: LeaseRef) {
    const sub = subscribe(api.ws(token), RUN_EVENTS, { runId: lease.runId });
    await waitUntilLive(sub, () => api.must(REPORT_PROGRESS, { ...lease, progress: progress(1) }, worker));
    return sub;
  }

  async function liveTeamRuns(token: string, team: TeamFixture, runId: string) {
    const sub = subscribe(api.ws(token), TEAM_RUNS, { teamId: team.teamId });
    await waitUntilLive(sub, () => api.server.services.events.publish({ type: 'teamRun', teamId: team.teamId, runId }));
    return sub;
  }

  /** Milliseconds until the stream ended, or Infinity if it is still open after END_WITHIN_MS. */
  async function endsIn(sub: Subscription<unknown>): Promise<number> {
    const start = Date.now();
    const ended = await Promise.race([sub.ended.then(() => true), sleep(END_WITHIN_MS).then(() => false)]);
    return ended ? Date.now() - start : Infinity;
  }

  async function createApiToken(team: TeamFixture, by: string) {
    return (await api.must<{ createApiToken: { token: string; id: string } }>(CREATE_TOKEN, { teamId: team.teamId, name: 'tool' }, by)).createApiToken;
  }

  it('revokeApiToken ends the streams opened with the token, without waiting for an event', async () => {
    const team = await createTeamFixture(api);
    const run = await runningRun(team);
    const tool = await createApiToken(team, team.owner.token);
    const runSub = await liveRunEvents(tool.token, run.lease);
    const teamSub = await liveTeamRuns(tool.token, team, run.id);
    const ownerSub = await liveRunEvents(team.owner.token, run.lease);
    // Going live, each received the others' probes: start clean.
    for (const sub of [runSub, teamSub, ownerSub]) sub.values.length = 0;

    await api.must(REVOKE, { id: tool.id }, team.owner.token);
    for (const sub of [runSub, teamSub]) {
      expect(await endsIn(sub)).toBeLessThan(END_WITHIN_MS);
      expect(sub.errors).toMatchObject([{ message: 'This API token was revoked; use another token and subscribe again.', extensions: { code: 'UNAUTHENTICATED' } }]);
      expect(sub.values).toEqual([]);
      expect(sub.completed).toBe(true);
    }
    // Others' streams go on.
    await api.must(REPORT_PROGRESS, { ...run.lease, progress: progress(9) }, worker);
    await ownerSub.until((values) => values.length > 0);
  });

  it('signOut ends the streams opened with that session', async () => {
    const team = await createTeamFixture(api);
    const run = await runningRun(team);
    const sub = await liveTeamRuns(team.viewer.token, team, run.id);
    await api.must('mutation { signOut }', {}, team.viewer.token);
    expect(await endsIn(sub)).toBeLessThan(END_WITHIN_MS);
    expect(sub.errors).toMatchObject([{ message: 'Your session ended (signed out or expired); sign in again and subscribe again.', extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(sub.values).toEqual([]);
  });

  it('a session that expires ends its streams when it expires', async () => {
    const team = await createTeamFixture(api);
    const run = await runningRun(team);
    const token = newToken('session');
    const expiresAt = new Date(Date.now() + 4_000);
    await api.database.db.insert(sessions).values({ userId: team.viewer.userId, tokenHash: hashToken(token), expiresAt });
    const sub = await liveRunEvents(token, run.lease);
    await sleep(expiresAt.getTime() - Date.now());
    expect(sub.completed).toBe(false);
    expect(await endsIn(sub)).toBeLessThan(END_WITHIN_MS);
    expect(sub.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('removal from the team ends the member’s streams, and those of the tokens they made', async () => {
    const team = await createTeamFixture(api);
    const run = await runningRun(team);
    const admin = await createPerson(api, team.teamId, 'ADMIN');
    const tool = await createApiToken(team, admin.token);
    const sessionSub = await liveTeamRuns(admin.token, team, run.id);
    const tokenSub = await liveRunEvents(tool.token, run.lease);
    sessionSub.values.length = 0;

    await api.must(REMOVE, { teamId: team.teamId, userId: admin.userId }, team.owner.token);
    expect(await endsIn(sessionSub)).toBeLessThan(END_WITHIN_MS);
    expect(sessionSub.errors).toMatchObject([{ message: 'Team not found, or you cannot see it.', extensions: { code: 'NOT_FOUND' } }]);
    expect(await endsIn(tokenSub)).toBeLessThan(END_WITHIN_MS);
    // Removing the member revoked the tokens they made for the team.
    expect(tokenSub.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    expect([...sessionSub.values, ...tokenSub.values]).toEqual([]);
  });
});
