import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { createModel, fakeSha256 } from '@transferlab/db/testing';
import type { ModelFiles } from '@transferlab/db/schema';
import { loadModel } from '@transferlab/ml-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { MODEL_FIELDS, storeModel, teamWithPeople, trainTinyModel, type TeamPeople, type TrainedModel } from './models-fixture';

interface ModelView {
  id: string;
  name: string;
  version: number;
  classes: string[];
  imageSize: number;
  backbone: string | null;
  valAccuracy: number | null;
  confusionMatrix: number[][];
  classMetrics: { name: string; precision: number; recall: number; f1: number; support: number }[];
  aliases: string[];
  downloadUrl: string;
  metadata: Record<string, unknown>;
  createdAt: string;
  run: { id: string; status: string };
}

const MODEL = `query ($id: ID!) { model(id: $id) { ${MODEL_FIELDS} } }`;
const BY_ALIAS = `query ($teamId: ID!, $name: String!, $alias: String!) { modelByAlias(teamId: $teamId, name: $name, alias: $alias) { id version aliases } }`;
const SET_ALIAS = `mutation ($modelId: ID!, $alias: String!) { setModelAlias(modelId: $modelId, alias: $alias) { id aliases } }`;
const TEAM_MODELS = `query ($id: ID!) { team(id: $id) { models { id name version aliases } } }`;

const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let trained: TrainedModel;
beforeAll(async () => {
  trained = await trainTinyModel();
});
afterAll(() => trained?.dispose());

describe.each(DB_KINDS)('models (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  const download = (url: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(url, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const fileUrl = (modelId: string, file: string) => `${api.server.services.publicUrl}/api/models/${modelId}/${file}`;

  it('answers model(id) with every field, from the row the worker protocol stores', async () => {
    const team = await teamWithPeople(api);
    const model = await storeModel(api, trained, { teamId: team.teamId, name: 'shapes', version: 1 });
    const { model: view } = await api.must<{ model: ModelView }>(MODEL, { id: model.id }, team.viewer);
    expect(view).toMatchObject({
      id: model.id,
      name: 'shapes',
      version: 1,
      classes: ['circles', 'squares', 'stripes'],
      imageSize: 32,
      backbone: null,
      aliases: [],
      downloadUrl: `${api.server.services.publicUrl}/api/models/${model.id}/model.json`,
      run: { id: model.runId, status: 'SUCCEEDED' },
    });
    expect(view.valAccuracy).toBeCloseTo(trained.metadata.metrics.valAccuracy ?? Number.NaN, 5);
    expect(view.confusionMatrix).toEqual(trained.metadata.evaluation?.confusionMatrix);
    expect(view.classMetrics.map((c) => c.name)).toEqual(['circles', 'squares', 'stripes']);
    expect(view.classMetrics[0]!.support).toBe(trained.metadata.evaluation?.classMetrics[0]?.support);
    expect(view.metadata).toEqual(JSON.parse(trained.bytes['metadata.json'].toString('utf8')));
    expect(new Date(view.createdAt).getTime()).toBe(model.createdAt.getTime());
  });

  it('lists Team.models newest first, with each version’s aliases', async () => {
    const team = await teamWithPeople(api);
    const db = api.database.db;
    const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute));
    const v1 = await createModel(db, { teamId: team.teamId, name: 'cats', version: 1, createdAt: at(1) });
    const v3 = await createModel(db, { teamId: team.teamId, name: 'cats', version: 3, createdAt: at(3) });
    const v2 = await createModel(db, { teamId: team.teamId, name: 'cats', version: 2, createdAt: at(2) });
    const other = await createModel(db, { teamId: team.teamId, name: 'dogs', version: 1, createdAt: at(0) });
    await createModel(db, { name: 'cats', version: 1 }); // another team's
    await api.must(SET_ALIAS, { modelId: v2.id, alias: 'staging' }, team.member);
    await api.must(SET_ALIAS, { modelId: v2.id, alias: 'production' }, team.member);
    await api.must(SET_ALIAS, { modelId: v3.id, alias: 'canary' }, team.member);
    const { team: view } = await api.must<{ team: { models: { id: string; version: number; aliases: string[] }[] } }>(TEAM_MODELS, { id: team.teamId }, team.viewer);
    expect(view.models.map((m) => m.id)).toEqual([v3.id, v2.id, v1.id, other.id]);
    expect(view.models.map((m) => m.aliases)).toEqual([['canary'], ['production', 'staging'], [], []]);
  });

  it('moves an alias between versions and finds the version by alias', async () => {
    const team = await teamWithPeople(api);
    const db = api.database.db;
    const v1 = await createModel(db, { teamId: team.teamId, name: 'flowers', version: 1 });
    const v2 = await createModel(db, { teamId: team.teamId, name: 'flowers', version: 2 });
    const weeds = await createModel(db, { teamId: team.teamId, name: 'weeds', version: 1 });

    const set1 = await api.must<{ setModelAlias: { id: string; aliases: string[] } }>(SET_ALIAS, { modelId: v1.id, alias: 'production' }, team.member);
    expect(set1.setModelAlias).toEqual({ id: v1.id, aliases: ['production'] });
    await api.must(SET_ALIAS, { modelId: weeds.id, alias: 'production' }, team.member);
    const byAlias = (name: string, alias: string) => api.must<{ modelByAlias: { id: string; version: number } | null }>(BY_ALIAS, { teamId: team.teamId, name, alias }, team.viewer);
    expect((await byAlias('flowers', 'production')).modelByAlias?.id).toBe(v1.id);

    const set2 = await api.must<{ setModelAlias: { id: string; aliases: string[] } }>(SET_ALIAS, { modelId: v2.id, alias: 'production' }, team.owner);
    expect(set2.setModelAlias).toEqual({ id: v2.id, aliases: ['production'] });
    expect((await byAlias('flowers', 'production')).modelByAlias?.id).toBe(v2.id);
    const after = await api.must<{ model: ModelView }>(MODEL, { id: v1.id }, team.viewer);
    expect(after.model.aliases).toEqual([]);
    // The alias is per model name: moving flowers' production leaves weeds' alone.
    expect((await byAlias('weeds', 'production')).modelByAlias?.id).toBe(weeds.id);
    // Setting it again on the same version changes nothing.
    await api.must(SET_ALIAS, { modelId: v2.id, alias: 'production' }, team.member);
    expect((await byAlias('flowers', 'production')).modelByAlias?.id).toBe(v2.id);
    expect((await byAlias('flowers', 'nope')).modelByAlias).toBeNull();
    expect((await byAlias('no-such-model', 'production')).modelByAlias).toBeNull();
  });

  it('refuses invalid aliases and keeps the ones already set', async () => {
    const team = await teamWithPeople(api);
    const model = await createModel(api.database.db, { teamId: team.teamId, name: 'flowers', version: 1 });
    await api.must(SET_ALIAS, { modelId: model.id, alias: 'prod_1-a' }, team.member);
    for (const alias of ['', 'Production', 'has space', 'a'.repeat(51), 'prod!', 'é']) {
      const result = await api.gql(SET_ALIAS, { modelId: model.id, alias }, team.member);
      expect(codes(result), alias).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toMatch(/1 to 50 characters from a-z, 0-9/);
    }
    await api.must(SET_ALIAS, { modelId: model.id, alias: 'a'.repeat(50) }, team.member);
    const { model: view } = await api.must<{ model: ModelView }>(MODEL, { id: model.id }, team.viewer);
    expect(view.aliases).toEqual(['a'.repeat(50), 'prod_1-a']);
  });

  it('serves model.json, weights.bin and metadata.json as stored, with content types', async () => {
    const team = await teamWithPeople(api);
    const model = await storeModel(api, trained, { teamId: team.teamId });
    for (const [file, type] of [
      ['model.json', 'application/json'],
      ['weights.bin', 'application/octet-stream'],
      ['metadata.json', 'application/json'],
    ] as const) {
      const res = await download(fileUrl(model.id, file), team.viewer);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const body = new Uint8Array(await res.arrayBuffer());
      expect(sha256(body), file).toBe(sha256(trained.bytes[file]));
      expect(res.headers.get('content-length')).toBe(String(trained.bytes[file].length));
      // The ETag is the content hash: an unchanged file revalidates with a 304.
      const again = await download(fileUrl(model.id, file), team.viewer, { 'if-none-match': res.headers.get('etag')! });
      expect(again.status).toBe(304);
    }
    const manifest = JSON.parse(trained.bytes['model.json'].toString('utf8')) as { weightsManifest: { paths: string[] }[] };
    expect(manifest.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    const missing = await download(fileUrl(model.id, 'other.bin'), team.viewer);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('NOT_FOUND');
  });

  it('loads the model with tf.loadLayersModel from downloadUrl and predicts as the original', async () => {
    const team = await teamWithPeople(api);
    const model = await storeModel(api, trained, { teamId: team.teamId });
    const { model: view } = await api.must<{ model: ModelView }>(MODEL, { id: model.id }, team.viewer);
    const remote = await tf.loadLayersModel(view.downloadUrl, { requestInit: { headers: { authorization: `Bearer ${team.viewer}` } } });
    const original = await loadModel(trained.dir);
    try {
      const x = tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 5);
      const [a, b] = [remote.predict(x) as tf.Tensor, original.model.predict(x) as tf.Tensor];
      const [fromHttp, fromDisk] = [(await a.array()) as number[][], (await b.array()) as number[][]];
      tf.dispose([x, a, b]);
      expect(fromHttp.length).toBe(4);
      fromHttp.flat().forEach((p, i) => expect(Math.abs(p - fromDisk.flat()[i]!)).toBeLessThan(1e-5));
    } finally {
      remote.dispose();
      original.model.dispose();
    }
  });

  it('serves rows whose files are keyed by role (modelJson, weights), with metadata.json from the row', async () => {
    const team = await teamWithPeople(api);
    const store = api.server.services.files;
    const files = { modelJson: await store.put(trained.bytes['model.json']), weights: await store.put(trained.bytes['weights.bin']) };
    const model = await storeModel(api, trained, { teamId: team.teamId, files });
    const json = await download(fileUrl(model.id, 'model.json'), team.viewer);
    expect(sha256(new Uint8Array(await json.arrayBuffer()))).toBe(sha256(trained.bytes['model.json']));
    const metadata = await download(fileUrl(model.id, 'metadata.json'), team.viewer);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toEqual(JSON.parse(trained.bytes['metadata.json'].toString('utf8')));
  });

  it('answers a download whose file is missing from the store with a masked 500, not a hang', async () => {
    const team = await teamWithPeople(api);
    const model = await createModel(api.database.db, { teamId: team.teamId, files: { modelJson: fakeSha256(), weights: fakeSha256() } as ModelFiles });
    const res = await download(fileUrl(model.id, 'weights.bin'), team.viewer);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/request id/);
  });

  it('keeps another team’s models invisible and untouchable', async () => {
    const a = await teamWithPeople(api);
    const b: TeamPeople = await teamWithPeople(api);
    const model = await storeModel(api, trained, { teamId: a.teamId, name: 'secret' });
    await api.must(SET_ALIAS, { modelId: model.id, alias: 'production' }, a.member);

    for (const token of [b.owner, b.viewer]) {
      expect(codes(await api.gql(MODEL, { id: model.id }, token))).toEqual(['NOT_FOUND']);
      expect(codes(await api.gql(BY_ALIAS, { teamId: a.teamId, name: 'secret', alias: 'production' }, token))).toEqual(['NOT_FOUND']);
      expect(codes(await api.gql(SET_ALIAS, { modelId: model.id, alias: 'stolen' }, token))).toEqual(['NOT_FOUND']);
      expect(codes(await api.gql(TEAM_MODELS, { id: a.teamId }, token))).toEqual(['NOT_FOUND']);
      for (const file of ['model.json', 'weights.bin', 'metadata.json']) {
        const res = await download(fileUrl(model.id, file), token);
        expect(res.status, file).toBe(404);
        expect(await res.text()).not.toContain('secret');
      }
    }
    // An id that does not exist, or is not an id at all, looks exactly the same.
    const unknown = await api.gql<{ model: null }>(MODEL, { id: '00000000-0000-4000-8000-000000000000' }, b.owner);
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(codes(await api.gql(MODEL, { id: 'not-a-uuid' }, b.owner))).toEqual(['NOT_FOUND']);
    expect((await download(fileUrl('not-a-uuid', 'model.json'), b.owner)).status).toBe(404);
    expect(codes(await api.gql(BY_ALIAS, { teamId: 'nope', name: 'secret', alias: 'production' }, b.owner))).toEqual(['NOT_FOUND']);
    // Anonymous callers are told to sign in.
    expect(codes(await api.gql(MODEL, { id: model.id }))).toEqual(['UNAUTHENTICATED']);
    expect((await download(fileUrl(model.id, 'model.json'))).status).toBe(401);

    const { model: view } = await api.must<{ model: ModelView }>(MODEL, { id: model.id }, a.viewer);
    expect(view.aliases).toEqual(['production']);
    expect((await api.must<{ modelByAlias: { id: string } }>(BY_ALIAS, { teamId: a.teamId, name: 'secret', alias: 'stolen' }, a.viewer)).modelByAlias).toBeNull();
  });

  it('lets a viewer read and download but not set aliases', async () => {
    const team = await teamWithPeople(api);
    const model = await storeModel(api, trained, { teamId: team.teamId });
    const refused = await api.gql(SET_ALIAS, { modelId: model.id, alias: 'production' }, team.viewer);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.message).toMatch(/MEMBER role or higher/);
    expect((await api.must<{ model: ModelView }>(MODEL, { id: model.id }, team.viewer)).model.aliases).toEqual([]);
    expect((await download(fileUrl(model.id, 'weights.bin'), team.viewer)).status).toBe(200);
  });
});
