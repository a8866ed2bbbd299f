// One run's events fanned out to many real graphql-ws sockets at once, as a team's dashboards
// and tools watch a run: each epoch reaches every subscriber exactly once and in order, including
// when every subscription is due its access re-check as the epoch arrives (those re-checks, and
// the execution of the selection, are shared per credential and event: `team { myRole }` shows
// each socket still gets its own person's answer). No timing is asserted: bench:api measures it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_RECHECK_MS } from '../src/resolvers/subscriptions/team-access';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { createPerson, createTeamFixture, epochMetric, REPORT_EPOCH, REPORT_PROGRESS, progress, sleep, startClaimedRun, subscribe, type Subscription } from './runs-fixtures';

const SUBSCRIBERS = 200;
const EPOCHS = 3;
const RUN_EVENTS = `subscription ($runId: ID!) { runEvents(runId: $runId) {
  __typename
  ... on RunEpochEvent { run { id bestValAccuracy team { myRole } } metric { phase epoch valAccuracy } }
} }`;

interface RunEvent {
  runEvents: { __typename: string; run?: { id: string; team?: { myRole: string } }; metric?: { phase: string; epoch: number; valAccuracy: number } };
}

describe.each(DB_KINDS)('one run watched by %i sockets (%s)'.replace('%i', String(SUBSCRIBERS)), (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    worker = await api.workerToken('fan-out');
  });
  afterAll(() => api?.close());

  it('delivers every epoch to every subscriber exactly once, in order', async () => {
    const team = await createTeamFixture(api);
    // Four people (two with the same role), so subscribers share credentials in groups of 50.
    const people = [team.owner, team.member, team.viewer, await createPerson(api, team.teamId, 'VIEWER')];
    const roles = ['OWNER', 'MEMBER', 'VIEWER', 'VIEWER'];
    const { run, leaseId } = await startClaimedRun(api, worker, team);
    const lease = { runId: run.id, leaseId };
    const subs: Subscription<RunEvent>[] = Array.from({ length: SUBSCRIBERS }, (_, i) => subscribe<RunEvent>(api.ws(people[i % people.length]!.token), RUN_EVENTS, { runId: run.id }));

    // Progress events as probes until every socket has one: all live.
    const deadline = Date.now() + 60_000;
    for (let batch = 1; subs.some((s) => s.values.length === 0); batch++) {
      const failed = subs.find((s) => s.errors.length);
      if (failed) throw new Error(`A subscription failed: ${JSON.stringify(failed.errors)}`);
      if (Date.now() > deadline) throw new Error(`${subs.filter((s) => !s.values.length).length} subscriptions never went live.`);
      await api.must(REPORT_PROGRESS, { ...lease, progress: progress(batch) }, worker);
      await sleep(100);
    }
    // Past the re-check interval, so every subscriber re-checks its access on the first epoch.
    await sleep(ACCESS_RECHECK_MS + 200);
    for (const s of subs) s.values.length = 0;

    for (let epoch = 1; epoch <= EPOCHS; epoch++) await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', epoch, epoch / 10) }, worker);
    const epochsOf = (s: Subscription<RunEvent>) => s.values.filter((v) => v.runEvents.__typename === 'RunEpochEvent').map((v) => v.runEvents.metric?.epoch);
    await Promise.all(subs.map((s) => s.until(() => epochsOf(s).length >= EPOCHS, 60_000)));
    // Anything sent twice would have arrived by now, right behind the first copy.
    await sleep(500);
    const expected = Array.from({ length: EPOCHS }, (_, i) => i + 1);
    for (const [i, s] of subs.entries()) {
      expect(epochsOf(s), `subscriber ${i}`).toEqual(expected);
      const seen = new Set(s.values.filter((v) => v.runEvents.__typename === 'RunEpochEvent').map((v) => v.runEvents.run?.team?.myRole));
      expect([...seen], `subscriber ${i}`).toEqual([roles[i % roles.length]]);
      expect(s.errors, `subscriber ${i}`).toEqual([]);
    }
    for (const s of subs) s.stop();
  }, 180_000);
});
