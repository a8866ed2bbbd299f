import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';

describe.each(DB_KINDS)('server basics (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it('answers /healthz with the database kind', async () => {
    const res = await fetch(api.server.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: kind });
  });

  it('marks GraphQL responses not to be stored by caches', async () => {
    // Apollo's per-field cache-control plugin is off (it cost a third of a large list's execution);
    // the header it sent for this schema, which declares no cache hints, must stay.
    const { token } = await api.signUp();
    const res = await fetch(api.server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ me { id } }"}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses queries nested too deeply', async () => {
    const deep = `{ me { teams { runs { dataset { team { runs { dataset { team { runs { dataset { team { runs { id } } } } } } } } } } } } }`;
    const result = await api.gql(deep);
    expect(result.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(/nested 1\d levels deep; the limit is 12/));
  });

  it('prevents CSRF: a GET or form POST without a preflight header is refused', async () => {
    const res = await fetch(api.server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ me { id } }"}' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  it('refuses an anonymous WebSocket subscription', async () => {
    const client = api.ws();
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe({ query: 'subscription { teamRuns(teamId: "00000000-0000-0000-0000-000000000000") { id } }' }, { next: () => resolve('next'), error: (e) => resolve(`error:${(e as { code?: number }).code ?? String(e)}`), complete: () => resolve('complete') });
    });
    expect(outcome).toMatch(/^error:4403/);
  });
});
