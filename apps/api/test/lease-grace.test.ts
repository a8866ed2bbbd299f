import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runs, workerTokens } from '@transferlab/db/schema';
import { createDataset, createRun, createTeam, createTestDatabase, createUser, type TestDatabase } from '@transferlab/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../src/auth/tokens';
import { createLogger } from '../src/logger';
import { startApiServer, type ApiServer } from '../src/server';
import { DB_KINDS, type GqlResult } from './harness';
import { CLAIM_RUN, HEARTBEAT, sleep, type ClaimedView } from './runs-fixtures';

const leaseMs = 400;
const leaseGraceMs = 4000;

describe.each(DB_KINDS)('an API outage longer than a lease (%s)', (kind) => {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  const servers: ApiServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await database?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const server = await startApiServer({ database: database!, dataDir: dataDir!, logger: createLogger('silent'), predictThreads: 1, leaseMs, leaseGraceMs });
    servers.push(server);
    return server;
  };
  const gql = async <T>(server: ApiServer, query: string, variables: Record<string, unknown>, token: string): Promise<GqlResult<T>> => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as GqlResult<T>;
  };
  const workerToken = async (name: string) => {
    const token = newToken('worker');
    await database!.db.insert(workerTokens).values({ name, tokenHash: hashToken(token) });
    return token;
  };
  const claim = (server: ApiServer, token: string) => gql<{ claimRun: ClaimedView | null }>(server, CLAIM_RUN, { worker: { name: 'gpu' } }, token);

  it('gives the workers that come back a grace period: no claim takes their runs, the sweeper fails none, and their heartbeats are taken', async () => {
    database = await createTestDatabase(kind);
    dataDir = await mkdtemp(join(tmpdir(), 'transferlab-grace-'));
    const user = await createUser(database.db);
    const team = await createTeam(database.db);
    const dataset = await createDataset(database.db, { teamId: team.id, createdBy: user.id });
    // One run with attempts left (a claim could take it) and one on its last attempt (the sweeper could fail it).
    const retryable = await createRun(database.db, { teamId: team.id, datasetId: dataset.id, createdBy: user.id, createdAt: new Date(Date.now() - 2000) });
    const lastAttempt = await createRun(database.db, { teamId: team.id, datasetId: dataset.id, createdBy: user.id, maxAttempts: 1 });
    const gpu1 = await workerToken('gpu-1');
    const gpu2 = await workerToken('gpu-2');

    const before = await start();
    const held = [(await claim(before, gpu1)).data!.claimRun!, (await claim(before, gpu1)).data!.claimRun!];
    expect(held.map((c) => c.run.id)).toEqual([retryable.id, lastAttempt.id]);

    // Every API process is down for longer than a lease; then one starts again.
    await before.close();
    servers.length = 0;
    await sleep(leaseMs * 3);
    const after = await start();

    expect((await claim(after, gpu2)).data?.claimRun).toBeNull();
    await sleep(leaseMs * 2); // several sweeps
    const rows = await database.db.select().from(runs);
    expect(rows.map((r) => [r.id, r.status]).sort()).toEqual([[retryable.id, 'RUNNING'], [lastAttempt.id, 'RUNNING']].sort());
    const [retried, abandoned] = held;
    const beat = await gql(after, HEARTBEAT, { runId: retried!.run.id, leaseId: retried!.leaseId }, gpu1);
    expect(beat.errors, JSON.stringify(beat.errors)).toBeUndefined();

    // The grace is not forever: a worker that does not come back loses its run as before.
    const statusOf = async (id: string) => (await database!.db.select().from(runs).where(eq(runs.id, id)))[0];
    const deadline = Date.now() + leaseGraceMs + 10_000;
    let row = await statusOf(abandoned!.run.id);
    while (row?.status === 'RUNNING' && Date.now() < deadline) {
      await sleep(200);
      row = await statusOf(abandoned!.run.id);
    }
    expect(row).toMatchObject({ status: 'FAILED', failure: { code: 'INTERNAL', kind: 'system' } });
    expect((await claim(after, gpu2)).data?.claimRun?.run.id).toBe(retried!.run.id);
  });
});
