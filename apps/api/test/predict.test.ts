import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, predictImages, type LoadedModel } from '@transferlab/ml-core';
import { gifBomb, pngBomb, rle8BmpBomb } from '@transferlab/ml-core/testing/image-bombs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { storeModel, teamWithPeople, trainTinyModel, type TeamPeople, type TrainedModel } from './models-fixture';
import { MAX_STALL_MS, measureServerLoad } from './server-load';

interface PredictionView {
  label: string;
  probability: number;
}
type GqlErrors = { errors?: { message: string; extensions?: { code?: string; reason?: string } }[] };

const PREDICT = `mutation ($modelId: ID!, $image: String!, $topK: Int) { predict(modelId: $modelId, imageBase64: $image, topK: $topK) { label probability } }`;
const PREDICT_DEFAULT_K = `mutation ($modelId: ID!, $image: String!) { predict(modelId: $modelId, imageBase64: $image) { label probability } }`;
// Small enough to test the limit with a few kilobytes, large enough for the 32x32 demo images.
const MAX_UPLOAD_BYTES = 48 * 1024;

const codes = (result: GqlErrors) => result.errors?.map((e) => e.extensions?.code);

let trained: TrainedModel;
let inProcess: LoadedModel;
beforeAll(async () => {
  trained = await trainTinyModel();
  inProcess = await loadModel(trained.dir);
});
afterAll(async () => {
  inProcess?.model.dispose();
  await trained?.dispose();
});

describe.each(DB_KINDS)('predict (%s)', (kind) => {
  let api: TestApi;
  let team: TeamPeople;
  let modelId: string;
  beforeAll(async () => {
    api = await startTestApi(kind, { predictThreads: 2, maxUploadBytes: MAX_UPLOAD_BYTES });
    team = await teamWithPeople(api);
    modelId = (await storeModel(api, trained, { teamId: team.teamId })).id;
  });
  afterAll(() => api.close());

  const predict = (image: string, token: string, topK?: number | null, id = modelId) => api.gql<{ predict: PredictionView[] }>(PREDICT, { modelId: id, image, topK }, token);

  it('keeps the event loop free while 8 predictions run on the workers', async () => {
    // First in the file on purpose: the workers start cold here (thread, tsx, TensorFlow.js, the
    // WASM backend, then the model), the heaviest work the pool ever does.
    const pool = api.server.services.predict;
    expect(pool.stats().workers).toBe(0);
    const healthz = api.server.url.replace('/graphql', '/healthz');
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const health: number[] = [];
    let [maxBusy, maxQueued] = [0, 0];
    try {
      const images = [...trained.images, ...trained.images].slice(0, 8);
      let settled = false;
      const all = Promise.all(images.map(({ bytes }) => predict(bytes.toString('base64'), team.viewer, 2))).finally(() => (settled = true));
      while (!settled) {
        const t = performance.now();
        const res = await fetch(healthz);
        expect(res.status).toBe(200);
        health.push(performance.now() - t);
        maxBusy = Math.max(maxBusy, pool.stats().busy);
        maxQueued = Math.max(maxQueued, pool.stats().queued);
        await new Promise((r) => setTimeout(r, 20));
      }
      const results = await all;
      expect(results.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
      expect(results.every((r) => r.data?.predict.length === 2)).toBe(true);
    } finally {
      clearInterval(ticker);
    }
    // The predictions took long enough to matter, ran two at a time and queued the rest.
    expect(health.length).toBeGreaterThan(5);
    expect([maxBusy, maxQueued > 0]).toEqual([2, true]);
    expect(Math.max(...health)).toBeLessThan(MAX_STALL_MS);
    expect(maxGap).toBeLessThan(MAX_STALL_MS);
    expect(pool.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0, replaced: 0 });
  });

  it('answers the same top classes as ml-core in process, sorted, topK respected', async () => {
    for (const { bytes } of trained.images) {
      const image = bytes.toString('base64');
      const [expected] = await predictImages(inProcess, [bytes], { topK: 3 });
      const all = await api.must<{ predict: PredictionView[] }>(PREDICT, { modelId, image, topK: 3 }, team.viewer);
      expect(all.predict.map((p) => p.label)).toEqual(expected!.map((p) => p.label));
      all.predict.forEach((p, i) => expect(Math.abs(p.probability - expected![i]!.probability)).toBeLessThan(1e-5));
      const probabilities = all.predict.map((p) => p.probability);
      expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
      expect(probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 4);

      const top1 = await api.must<{ predict: PredictionView[] }>(PREDICT, { modelId, image, topK: 1 }, team.member);
      expect(top1.predict).toEqual([all.predict[0]]);
      const top2 = await api.must<{ predict: PredictionView[] }>(PREDICT, { modelId, image, topK: 2 }, team.member);
      expect(top2.predict).toEqual(all.predict.slice(0, 2));
    }
  });

  it('defaults topK to 5 (capped at the number of classes) and accepts a data: URL', async () => {
    const bytes = trained.images[0]!.bytes;
    const byDefault = await api.must<{ predict: PredictionView[] }>(PREDICT_DEFAULT_K, { modelId, image: bytes.toString('base64') }, team.viewer);
    expect(byDefault.predict).toHaveLength(3);
    const dataUrl = await api.must<{ predict: PredictionView[] }>(PREDICT, { modelId, image: `data:image/png;base64,${bytes.toString('base64')}`, topK: 99 }, team.viewer);
    expect(dataUrl.predict).toEqual(byDefault.predict);
    const refused = await predict(bytes.toString('base64'), team.viewer, 0);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.message).toMatch(/topK must be 1 or more/);
  });

  it('materialises the model folder once, from the file store', async () => {
    const dir = join(api.server.services.modelsDir, modelId);
    await access(dir);
    expect((await readdir(dir)).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    expect((await readdir(api.server.services.modelsDir)).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('rebuilds a damaged model folder from the file store instead of failing', async () => {
    const model = await storeModel(api, trained, { teamId: team.teamId, name: 'damaged' });
    const dir = join(api.server.services.modelsDir, model.id);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'metadata.json'), '{ truncated');
    const result = await predict(trained.images[0]!.bytes.toString('base64'), team.viewer, 1, model.id);
    expect(result.errors).toBeUndefined();
    expect(result.data?.predict).toHaveLength(1);
    expect(await readFile(join(dir, 'metadata.json'))).toEqual(trained.bytes['metadata.json']);
  });

  it('refuses bad base64, non-images and images over the upload limit with the reason', async () => {
    const badBase64 = await predict('this is not base64!', team.viewer);
    expect(codes(badBase64)).toEqual(['BAD_USER_INPUT']);
    expect(badBase64.errors?.[0]?.message).toMatch(/not valid base64/);
    expect(codes(await predict('', team.viewer))).toEqual(['BAD_USER_INPUT']);

    const text = await predict(Buffer.from('hello, I am a text file').toString('base64'), team.viewer);
    expect(codes(text)).toEqual(['BAD_USER_INPUT']);
    expect(text.errors?.[0]?.message).toMatch(/cannot be read: not an image/);
    expect(text.errors?.[0]?.extensions?.reason).toBe('not an image');

    const png = trained.images.find((i) => i.bytes[0] === 0x89)!.bytes;
    const truncated = await predict(png.subarray(0, 60).toString('base64'), team.viewer);
    expect(codes(truncated)).toEqual(['BAD_USER_INPUT']);
    expect(truncated.errors?.[0]?.extensions?.reason).toBe('corrupt or truncated PNG');

    const large = await predict(Buffer.alloc(MAX_UPLOAD_BYTES + 3, 1).toString('base64'), team.viewer);
    expect(codes(large)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(large.errors?.[0]?.message).toMatch(/^The image is 49 KB; the limit is 48 KB\./);

    // The pool survived all of it.
    expect(codes(await predict(png.toString('base64'), team.viewer))).toBeUndefined();
  });

  it('refuses image bombs from their header, naming the size and the limit, without the memory they declare', async () => {
    // Tiny files declaring 9000 x 9000 (81 MP; the limit is 40 MP). Before, the BMP cost the
    // prediction worker about 600 MB and the GIF about 340 MB.
    for (const bomb of [rle8BmpBomb(9000, 9000), pngBomb(9000, 9000), gifBomb(9000, 9000)]) {
      const load = await measureServerLoad(() => predict(bomb.toString('base64'), team.viewer));
      expect(codes(load.result)).toEqual(['BAD_USER_INPUT']);
      expect(load.result.errors?.[0]?.message).toBe(
        'The image is refused: too many pixels: 9000 x 9000 is 81 MP, over the limit of 40 MP; scale the image down (training resizes it to at most 1024 px anyway).',
      );
      expect(load.result.errors?.[0]?.extensions).toMatchObject({ field: 'imageBase64', decodeError: 'TOO_LARGE' });
      expect(load.maxStallMs).toBeLessThan(MAX_STALL_MS);
      expect(load.rssGrowthMb).toBeLessThan(50);
    }
  });

  it('lets viewers predict, and nobody outside the team', async () => {
    const other = await teamWithPeople(api);
    const image = trained.images[0]!.bytes.toString('base64');
    expect((await predict(image, team.viewer)).data?.predict).toHaveLength(3);
    for (const token of [other.owner, other.viewer]) {
      const refused = await predict(image, token);
      expect(codes(refused)).toEqual(['NOT_FOUND']);
      expect(refused.errors?.[0]?.message).toMatch(/^Model not found/);
    }
    // Nor can the image be checked first: the model check comes before the input is looked at.
    expect(codes(await predict('not base64!', other.owner))).toEqual(['NOT_FOUND']);
    expect(codes(await api.gql(PREDICT, { modelId, image }))).toEqual(['UNAUTHENTICATED']);
    const worker = await api.workerToken();
    expect(codes(await predict(image, worker))).toEqual(['FORBIDDEN']);
    // Their own model (the same files, another row) works for them.
    const theirs = await storeModel(api, trained, { teamId: other.teamId });
    expect((await predict(image, other.viewer, 1, theirs.id)).data?.predict).toHaveLength(1);
    expect(codes(await predict(image, team.viewer, 1, theirs.id))).toEqual(['NOT_FOUND']);
  });

});
