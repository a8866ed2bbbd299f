// A credential's lastUsedAt is kept to the minute: the request that finds it null or a minute old
// writes it, the ones in between only read it (each request used to write its credential's row).
import { eq, type SQL } from 'drizzle-orm';
import { apiTokens, sessions, workerTokens } from '@transferlab/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_USED_RESOLUTION_MS } from '../src/auth/viewer';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { CREATE_TEAM, CREATE_TOKEN } from './team-operations';

const ME = '{ me { id } }';
const WORKER_CALL = 'mutation { heartbeat(runId: "00000000-0000-4000-8000-000000000000", leaseId: "00000000-0000-4000-8000-000000000000") { canceled } }';

describe.each(DB_KINDS)('lastUsedAt of sessions, API tokens and worker tokens (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  /** Reads a credential's lastUsedAt, can set it back in time, and uses the credential. */
  interface Credential {
    lastUsedAt(): Promise<Date | null>;
    setLastUsedAt(at: Date): Promise<void>;
    use(): Promise<void>;
  }

  /** The credential stored in `table`'s row where `where` holds. */
  function stored(table: typeof sessions | typeof apiTokens | typeof workerTokens, where: SQL, use: () => Promise<unknown>): Credential {
    const db = api.database.db;
    return {
      lastUsedAt: async () => (await db.select({ at: table.lastUsedAt }).from(table).where(where))[0]!.at,
      setLastUsedAt: async (at) => void (await db.update(table).set({ lastUsedAt: at }).where(where)),
      use: async () => void (await use()),
    };
  }

  async function session(): Promise<Credential> {
    const person = await api.signUp();
    return stored(sessions, eq(sessions.userId, person.userId), () => api.must(ME, {}, person.token));
  }

  async function apiToken(): Promise<Credential> {
    const owner = await api.signUp();
    const teamId = (await api.must<{ createTeam: { id: string } }>(CREATE_TEAM, { name: 'T' }, owner.token)).createTeam.id;
    const { token } = (await api.must<{ createApiToken: { token: string } }>(CREATE_TOKEN, { teamId, name: 'ci' }, owner.token)).createApiToken;
    return stored(apiTokens, eq(apiTokens.teamId, teamId), () => api.must(ME, {}, token));
  }

  async function workerToken(): Promise<Credential> {
    const name = `worker-${Math.random().toString(36).slice(2)}`;
    const token = await api.workerToken(name);
    // Any worker call resolves the token first; this one then fails for want of a run.
    return stored(workerTokens, eq(workerTokens.name, name), () => api.gql(WORKER_CALL, {}, token));
  }

  it.each([
    ['a session', session],
    ['an API token', apiToken],
    ['a worker token', workerToken],
  ])('%s: the first use writes it, uses within the minute leave it, a use after a minute writes it again', async (_name, make) => {
    const credential = await make();
    const before = await credential.lastUsedAt();
    await credential.use();
    const first = await credential.lastUsedAt();
    expect(first).toBeInstanceOf(Date);
    if (before) expect(first!.getTime()).toBeGreaterThanOrEqual(before.getTime());

    await credential.use();
    await credential.use();
    expect(await credential.lastUsedAt()).toEqual(first);

    const longAgo = new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1_000);
    await credential.setLastUsedAt(longAgo);
    const beforeUse = Date.now();
    await credential.use();
    const again = await credential.lastUsedAt();
    // Stored to the microsecond; the API's clock is this process's.
    expect(again!.getTime()).toBeGreaterThanOrEqual(beforeUse - 1);
  });
});
