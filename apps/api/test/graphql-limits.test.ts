import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_GRAPHQL_LIMITS } from '../src/graphql-limits/limits';
import { codeOf, DB_KINDS, startTestApi, type GqlResult, type TestApi } from './harness';

const MAX_COST = 20_000;

/** 30 fragments, each spreading the next twice: 1.2 KB that expands to 2^30 spreads. */
const FRAGMENT_BOMB = ['query { me { ...F0 } }', ...Array.from({ length: 30 }, (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`), 'fragment F30 on User { id email name }'].join('\n');

const nestedPages = (runs: number, images: number, aliases = 1) =>
  `query ($teamId: ID!) { ${Array.from({ length: aliases }, (_, i) => `t${i}: team(id: $teamId) { runs(first: ${runs}) { dataset { images(first: ${images}) { items { id } } } } }`).join(' ')} }`;

/** One operation over graphql-ws: its result, or the errors the server refused it with. */
function overSocket(client: Client, query: string, variables?: Record<string, unknown>): Promise<GqlResult> {
  return new Promise((resolve) => {
    let result: GqlResult = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as GqlResult),
        error: (errors) => resolve({ errors: errors as GqlResult['errors'] }),
        complete: () => resolve(result),
      },
    );
  });
}

describe.each(DB_KINDS)('GraphQL document limits (%s)', (kind) => {
  let api: TestApi;
  let token: string;
  let teamId: string;
  beforeAll(async () => {
    api = await startTestApi(kind, { graphqlMaxCost: MAX_COST });
    ({ token } = await api.signUp());
    ({ createTeam: { id: teamId } } = await api.must<{ createTeam: { id: string } }>('mutation { createTeam(name: "Limits") { id } }', {}, token));
  });
  afterAll(() => api.close());

  it('refuses 30 chained double-spread fragments within 100 ms, while /healthz keeps answering', async () => {
    const healthz = api.server.url.replace(/\/graphql$/, '/healthz');
    // Warm up both routes: the first requests through a code path run it before V8 has compiled it.
    for (let i = 0; i < 3; i++) await Promise.all([fetch(healthz), api.gql(`${FRAGMENT_BOMB}\n# warm-up ${i}`)]);
    const latencies: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        const started = performance.now();
        await fetch(healthz);
        latencies.push(performance.now() - started);
      }
    })();
    const started = performance.now();
    const result = await api.gql(FRAGMENT_BOMB);
    const elapsed = performance.now() - started;
    done = true;
    await probe;
    expect(codeOf(result)).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0]?.message).toMatch(/about 3,221,225,4\d\d fields .*; the limit is 20,000\./);
    expect(elapsed).toBeLessThan(100);
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(100);
  });

  it('prices nested lists by their page sizes: refused over the budget, answered under it', async () => {
    const over = await api.gql(nestedPages(500, 500), { teamId }, token);
    expect(codeOf(over)).toBe('QUERY_TOO_COMPLEX');
    expect(over.errors?.[0]?.extensions).toMatchObject({ limit: 'maxCost', max: MAX_COST, actual: 2 + 500 * (2 + 500 * 2) });

    // 50 aliases of a query that is within the budget alone: the aliases multiply it past it.
    expect(await api.must(nestedPages(50, 50), { teamId }, token)).toEqual({ t0: { runs: [] } });
    const aliased = await api.gql(nestedPages(50, 50, 50), { teamId }, token);
    expect(codeOf(aliased)).toBe('QUERY_TOO_COMPLEX');
    expect(aliased.errors?.[0]?.extensions?.actual).toBe(50 * (2 + 50 * (2 + 50 * 2)));
  });

  it('prices `first: $n` at the $n sent', async () => {
    const query = 'query ($teamId: ID!, $n: Int!) { team(id: $teamId) { runs(first: $n) { dataset { images(first: $n) { items { id } } } } } }';
    expect(await api.must(query, { teamId, n: 10 }, token)).toEqual({ team: { runs: [] } });
    expect(codeOf(await api.gql(query, { teamId, n: 500 }, token))).toBe('QUERY_TOO_COMPLEX');
  });

  it('caps aliases, directives and tokens, each error naming its limit', async () => {
    const { maxAliases, maxDirectives, maxTokens } = FIXED_GRAPHQL_LIMITS;
    const aliases = await api.gql(`{ ${Array.from({ length: maxAliases + 1 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(codeOf(aliases)).toBe('TOO_MANY_ALIASES');
    expect(aliases.errors?.[0]?.message).toContain(`Query uses ${maxAliases + 1} aliases (fragments expanded); the limit is ${maxAliases}.`);
    expect(codeOf(await api.gql(`{ ${Array.from({ length: maxAliases }, (_, i) => `a${i}: __typename`).join(' ')} }`))).toBeUndefined();

    const directives = await api.gql(`{ ${Array.from({ length: maxDirectives + 1 }, () => '__typename @include(if: true)').join(' ')} }`);
    expect(codeOf(directives)).toBe('TOO_MANY_DIRECTIVES');
    expect(directives.errors?.[0]?.message).toContain(`the limit is ${maxDirectives}`);

    const tokens = await api.gql(`{ ${'__typename '.repeat(maxTokens)}}`);
    expect(codeOf(tokens)).toBe('GRAPHQL_PARSE_FAILED');
    expect(tokens.errors?.[0]?.message).toContain(`more that ${maxTokens} tokens`);
  });

  it('bounds introspection by its own depth', async () => {
    const nested = (levels: number) => `{ __schema { types { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;
    expect(codeOf(await api.gql(nested(FIXED_GRAPHQL_LIMITS.maxIntrospectionDepth - 3)))).toBeUndefined();
    const deep = await api.gql(nested(FIXED_GRAPHQL_LIMITS.maxIntrospectionDepth));
    expect(codeOf(deep)).toBe('QUERY_TOO_DEEP');
    expect(deep.errors?.[0]?.message).toContain(`the limit is ${FIXED_GRAPHQL_LIMITS.maxIntrospectionDepth}`);
  });

  it('applies the same limits over the WebSocket', async () => {
    const client = api.ws(token);
    expect(codeOf(await overSocket(client, FRAGMENT_BOMB))).toBe('QUERY_TOO_COMPLEX');
    expect(codeOf(await overSocket(client, nestedPages(500, 500), { teamId }))).toBe('QUERY_TOO_COMPLEX');
    expect((await overSocket(client, `{ ${'__typename '.repeat(FIXED_GRAPHQL_LIMITS.maxTokens)}}`)).errors?.[0]?.message).toContain('tokens');
    expect(codeOf(await overSocket(client, `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: __typename`).join(' ')} }`))).toBe('TOO_MANY_ALIASES');
    expect(await overSocket(client, 'query ($teamId: ID!) { team(id: $teamId) { id runs(first: 5) { id } } }', { teamId })).toEqual({ data: { team: { id: teamId, runs: [] } } });
  });
});
