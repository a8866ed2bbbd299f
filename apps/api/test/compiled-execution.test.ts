// Queries and mutations run interpreted (graphql-js) until their document repeats, then compiled
// (graphql-jit). A caller must not be able to tell which one answered: the same status, headers that
// matter and body, byte for byte, for data, resolver errors, bad variables and introspection.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPILE_ON_EXECUTION } from '../src/execution/compiling-executor';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { createTeamFixture, epochMetric, REPORT_EPOCH, RUN_FIELDS, settleLeftoverRuns, startClaimedRun } from './runs-fixtures';

type Answer = { status: number; contentType: string | null; body: string };

describe.each(DB_KINDS)('compiled execution (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  const post = async (query: string, variables: Record<string, unknown> | undefined, token?: string): Promise<Answer> => {
    const res = await fetch(api.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
  };

  /** Sends the document until it has run compiled twice; every answer must be the interpreted one. */
  async function expectSameAnswerCompiled(query: string, variables: Record<string, unknown> | undefined, token?: string): Promise<Answer> {
    const compiledBefore = api.server.executor.compiledDocuments();
    const interpreted = await post(query, variables, token);
    for (let execution = 2; execution <= COMPILE_ON_EXECUTION + 1; execution++) {
      expect(await post(query, variables, token)).toEqual(interpreted);
    }
    expect(api.server.executor.compiledDocuments()).toBe(compiledBefore + 1);
    return interpreted;
  }

  async function runWithEpochs(epochs: number) {
    const team = await createTeamFixture(api);
    const worker = await api.workerToken();
    const { run, leaseId } = await startClaimedRun(api, worker, team);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      await api.must(REPORT_EPOCH, { runId: run.id, leaseId, metric: { ...epochMetric('FEATURE_EXTRACTION', epoch, 0.4 + epoch / 100), accuracy: 0.5 + epoch / 100 } }, worker);
    }
    return { team, run };
  }

  it("answers a run's whole view, its metrics list included, the same once compiled", async () => {
    const { team, run } = await runWithEpochs(12);
    const answer = await expectSameAnswerCompiled(`query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id: run.id }, team.viewer.token);
    const data = JSON.parse(answer.body).data;
    expect(data.run.metrics).toHaveLength(12);
    expect(data.run.metrics[11]).toMatchObject({ phase: 'FEATURE_EXTRACTION', epoch: 12, valAccuracy: 0.52 });
  });

  it('answers fragments, aliases, @include/@skip and __typename the same once compiled', async () => {
    const { team, run } = await runWithEpochs(3);
    const query = `query Both($id: ID!, $withMetrics: Boolean!, $teamId: ID!) {
      first: run(id: $id) { ...Head metrics @include(if: $withMetrics) { epoch at } }
      second: run(id: $id) { __typename status metrics @skip(if: $withMetrics) { epoch } }
      team(id: $teamId) { __typename id name }
    }
    fragment Head on Run { id name dataset { id } }`;
    await expectSameAnswerCompiled(query, { id: run.id, withMetrics: true, teamId: team.teamId }, team.viewer.token);
    const other = await expectSameAnswerCompiled(query.replace('query Both', 'query BothWithout'), { id: run.id, withMetrics: false, teamId: team.teamId }, team.viewer.token);
    expect(JSON.parse(other.body).data.second.metrics).toHaveLength(3);
  });

  it("answers a resolver's error (another team's run) the same once compiled", async () => {
    const { run } = await runWithEpochs(1);
    const stranger = await createTeamFixture(api);
    const answer = await expectSameAnswerCompiled('query ($id: ID!) { run(id: $id) { id name } }', { id: run.id }, stranger.viewer.token);
    expect(JSON.parse(answer.body)).toMatchObject({ data: { run: null }, errors: [{ path: ['run'], extensions: { code: 'NOT_FOUND' } }] });
    const teamAnswer = await expectSameAnswerCompiled('query ($id: ID!) { me { id } team(id: $id) { id runs(first: 1) { id } } }', { id: run.team.id }, stranger.viewer.token);
    expect(JSON.parse(teamAnswer.body)).toMatchObject({ data: { me: { id: stranger.viewer.userId }, team: null }, errors: [{ path: ['team'], extensions: { code: 'NOT_FOUND' } }] });
  });

  it('refuses a bad variable the same once compiled: 400, BAD_USER_INPUT, naming the variable', async () => {
    const team = await createTeamFixture(api);
    const answer = await expectSameAnswerCompiled('query ($id: ID!) { run(id: $id) { id } }', { id: { not: 'an id' } }, team.viewer.token);
    expect(answer.status).toBe(400);
    const error = JSON.parse(answer.body).errors[0];
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('$id');
  });

  it("answers graphql-js's full introspection query the same once compiled", async () => {
    const team = await createTeamFixture(api);
    const answer = await expectSameAnswerCompiled(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), undefined, team.viewer.token);
    expect(JSON.parse(answer.body).data.__schema.queryType.name).toBe('Query');
  });

  it('compiles nothing with TRANSFERLAB_GRAPHQL_COMPILE off', async () => {
    const interpreting = await startTestApi(kind, { graphqlCompile: false });
    try {
      const team = await createTeamFixture(interpreting);
      for (let i = 0; i < COMPILE_ON_EXECUTION + 2; i++) await interpreting.must('query { me { id teams { id } } }', undefined, team.viewer.token);
      expect(interpreting.server.executor.compiledDocuments()).toBe(0);
    } finally {
      await interpreting.close();
    }
  });

  it("never compiles an anonymous caller's documents, however often they repeat", async () => {
    const query = getIntrospectionQuery({ descriptions: false });
    const compiledBefore = api.server.executor.compiledDocuments();
    const first = await post(query, undefined);
    expect(JSON.parse(first.body).data.__schema.queryType.name).toBe('Query');
    for (let i = 0; i < COMPILE_ON_EXECUTION + 2; i++) expect(await post(query, undefined)).toEqual(first);
    expect(api.server.executor.compiledDocuments()).toBe(compiledBefore);
  });

  it('runs a repeated mutation compiled, with its effect each time', async () => {
    const team = await createTeamFixture(api);
    const create = 'mutation ($teamId: ID!, $name: String!) { createDataset(teamId: $teamId, name: $name) { name team { id } } }';
    for (let i = 1; i <= COMPILE_ON_EXECUTION + 1; i++) {
      const result = await api.must<{ createDataset: { name: string; team: { id: string } } }>(create, { teamId: team.teamId, name: `set ${i}` }, team.member.token);
      expect(result.createDataset).toEqual({ name: `set ${i}`, team: { id: team.teamId } });
    }
    const refused = await expectSameAnswerCompiled(create.replace('mutation (', 'mutation Refused('), { teamId: team.teamId, name: 'by a viewer' }, team.viewer.token);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
