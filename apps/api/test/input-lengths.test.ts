import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../src/text-limits';
import { codeOf, DB_KINDS, startTestApi, type TestApi } from './harness';

const over = (limit: number) => 'x'.repeat(limit + 1);

describe.each(DB_KINDS)('lengths of names and labels (%s)', (kind) => {
  let api: TestApi;
  let token: string;
  let teamId: string;
  let datasetId: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    ({ token } = await api.signUp());
    ({ createTeam: { id: teamId } } = await api.must<{ createTeam: { id: string } }>('mutation { createTeam(name: "Lengths") { id } }', {}, token));
    ({ createDataset: { id: datasetId } } = await api.must<{ createDataset: { id: string } }>('mutation ($teamId: ID!) { createDataset(teamId: $teamId, name: "flowers") { id } }', { teamId }, token));
  });
  afterAll(() => api.close());

  it('refuses each over its bound, naming the bound, and accepts it at the bound', async () => {
    const cases: [string, string, Record<string, unknown>, number][] = [
      ['team', 'mutation ($v: String!) { createTeam(name: $v) { id } }', {}, TEXT_LIMITS.teamName],
      ['API token', 'mutation ($v: String!, $teamId: ID!) { createApiToken(teamId: $teamId, name: $v) { id } }', { teamId }, TEXT_LIMITS.apiTokenName],
      ['dataset', 'mutation ($v: String!, $teamId: ID!) { createDataset(teamId: $teamId, name: $v) { id } }', { teamId }, TEXT_LIMITS.datasetName],
      ['model name', 'query ($v: String!, $teamId: ID!) { modelByAlias(teamId: $teamId, name: $v, alias: "production") { id } }', { teamId }, TEXT_LIMITS.modelName],
      ['alias', 'query ($v: String!, $teamId: ID!) { modelByAlias(teamId: $teamId, name: "m", alias: $v) { id } }', { teamId }, TEXT_LIMITS.modelAlias],
      ['className', 'query ($v: String!, $id: ID!) { dataset(id: $id) { images(className: $v) { total } } }', { id: datasetId }, TEXT_LIMITS.className],
    ];
    for (const [what, query, variables, limit] of cases) {
      const refused = await api.gql(query, { ...variables, v: over(limit) }, token);
      expect(codeOf(refused), what).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message, what).toContain(`longer than ${limit} characters`);
      expect(codeOf(await api.gql(query, { ...variables, v: 'x'.repeat(limit) }, token)), what).toBeUndefined();
    }
  });

  it('bounds a run name by the model name it becomes, in characters', async () => {
    const start = 'mutation ($input: StartRunInput!) { startRun(input: $input) { id } }';
    const input = (name: string) => ({ input: { datasetId, strategy: 'BASELINE', name } });
    const refused = await api.gql(start, input(over(TEXT_LIMITS.modelName)), token);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain(`longer than ${TEXT_LIMITS.modelName} characters`);
    // At the bound (in emoji, two UTF-16 units each) the name passes; the empty dataset is what is refused then.
    const atBound = await api.gql(start, input('🌼'.repeat(TEXT_LIMITS.modelName)), token);
    expect(atBound.errors?.[0]?.message).toContain('has no images yet');
  });

  it("bounds a new user's name and email", async () => {
    const signUp = 'mutation ($email: String!, $name: String) { signUp(email: $email, password: "correct horse battery staple", name: $name) { token } }';
    expect((await api.gql(signUp, { email: 'long-name@example.com', name: over(TEXT_LIMITS.userName) })).errors?.[0]?.message).toContain(`longer than ${TEXT_LIMITS.userName} characters`);
    expect((await api.gql(signUp, { email: `${'x'.repeat(TEXT_LIMITS.email)}@example.com` })).errors?.[0]?.message).toContain(`longer than ${TEXT_LIMITS.email} characters`);
  });

  it("bounds what a worker reports about itself", async () => {
    const claim = 'mutation ($worker: WorkerInfoInput!) { claimRun(worker: $worker) { attempt } }';
    const worker = await api.workerToken();
    for (const field of ['name', 'backend', 'device']) {
      const refused = await api.gql(claim, { worker: { name: 'gpu-1', [field]: over(TEXT_LIMITS.workerLabel) } }, worker);
      expect(codeOf(refused), field).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message, field).toMatch(new RegExp(`worker\\.${field} .*${TEXT_LIMITS.workerLabel} characters`));
    }
    expect(await api.must(claim, { worker: { name: 'gpu-1', backend: 'wasm', device: 'x'.repeat(TEXT_LIMITS.workerLabel) } }, worker)).toEqual({ claimRun: null });
  });
});
