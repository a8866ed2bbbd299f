import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runs, workerTokens } from '@transferlab/db/schema';
import { createRun } from '@transferlab/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBase, bombPng, createDatasetVia, image, noisePng, readDataset, teamWithPeople, upload, uploadParts, userWithRole, type Format } from './datasets-fixtures';
import { hashToken } from '../src/auth/tokens';
import { DB_KINDS, startTestApi, type TestApi } from './harness';

const MAX_UPLOAD = 64 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file in the content-addressed store, by name (its sha256). */
async function storedFiles(api: TestApi): Promise<string[]> {
  const root = join(api.dataDir, 'files');
  const dirs = await readdir(root).catch(() => [] as string[]);
  const names = await Promise.all(dirs.map((dir) => readdir(join(root, dir))));
  return names.flat().sort();
}

describe.each(DB_KINDS)('dataset image uploads (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind, { maxUploadBytes: MAX_UPLOAD });
  });
  afterAll(() => api.close());

  it('accepts real images of every format and rejects bad files one by one, with reasons', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const formats: Format[] = ['jpeg', 'png', 'webp', 'gif', 'bmp'];
    const good = await Promise.all(formats.map((format, i) => image(format, i, 30, 20)));
    const jpeg = await image('jpeg', 42, 64, 64);
    const oversized = await noisePng(160, 160);
    expect(oversized.length).toBeGreaterThan(MAX_UPLOAD);

    const result = await upload(api, id, member.token, 'roses', [
      ...good.map((bytes, i) => ({ name: `rose.${formats[i]}`, bytes })),
      { name: 'broken.jpg', bytes: jpeg.subarray(0, jpeg.length / 2) },
      { name: 'notes.png', bytes: 'definitely not a picture', type: 'image/png' },
      { name: 'huge.png', bytes: oversized },
      { name: 'bomb.png', bytes: await bombPng() },
      { name: 'empty.png', bytes: Buffer.alloc(0) },
      { name: 'rose-again.png', bytes: good[1]! },
    ]);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      accepted: 6,
      rejected: [
        { file: 'broken.jpg', reason: 'corrupt or truncated JPEG' },
        { file: 'notes.png', reason: 'not an image (expected JPEG, PNG, GIF, WebP or BMP)' },
        { file: 'huge.png', reason: 'too large (max 0.0625 MB)' },
        { file: 'bomb.png', reason: 'too many pixels: 100000 x 100000 is 10000 MP, over the limit of 40 MP; scale the image down (training resizes it to at most 1024 px anyway)' },
        { file: 'empty.png', reason: 'empty file' },
      ],
    });

    // The repeated PNG is one row and one stored file.
    const dataset = await readDataset(api, id, member.token);
    expect(dataset.classes).toEqual([{ name: 'roses', trainCount: 5, valCount: 0 }]);
    expect(await storedFiles(api)).toEqual(expect.arrayContaining(good.map(sha256)));
    expect((await storedFiles(api)).filter((name) => name === sha256(good[1]!))).toHaveLength(1);
    expect(await storedFiles(api)).not.toContain(sha256(oversized));

    const { dataset: listed } = await api.must<{ dataset: { images: { items: { fileName: string; width: number; height: number; bytes: number; split: string }[] } } }>(
      'query ($id: ID!) { dataset(id: $id) { images { items { fileName width height bytes split } } } }',
      { id },
      member.token,
    );
    expect(listed.images.items).toHaveLength(5);
    expect(listed.images.items).toContainEqual({ fileName: 'rose.bmp', width: 30, height: 20, bytes: good[4]!.length, split: 'train' });
  });

  it('puts images in the val split, keeps the same image once per class and split, and warns about copies in train and val', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const shared = await image('png', 7);
    const tulips = await Promise.all([1, 2, 3].map((seed) => image('jpeg', 100 + seed)));

    expect((await upload(api, id, member.token, 'roses', [{ name: 'a.png', bytes: shared }])).body.accepted).toBe(1);
    expect((await upload(api, id, member.token, 'roses', [{ name: 'a-copy.png', bytes: shared }])).body).toEqual({ accepted: 1, rejected: [] });
    expect((await upload(api, id, member.token, 'roses', [{ name: 'a.png', bytes: shared }], 'val')).body.accepted).toBe(1);
    expect((await upload(api, id, member.token, ' tulips ', tulips.map((bytes, i) => ({ name: `t${i}.jpg`, bytes })), 'val')).body.accepted).toBe(3);

    const dataset = await readDataset(api, id, member.token);
    expect(dataset.classes).toEqual([
      { name: 'roses', trainCount: 1, valCount: 1 },
      { name: 'tulips', trainCount: 0, valCount: 3 },
    ]);
    expect([dataset.trainCount, dataset.valCount, dataset.imageCount]).toEqual([1, 4, 5]);
    expect(dataset.warnings).toContainEqual(expect.stringMatching(/^1 image is in both train and val with identical content/));
    expect(dataset.warnings).toContainEqual(expect.stringMatching(/^Class 'tulips' has only 0 training images/));
  });

  it('refuses requests that are not a usable upload, with a message that says what to send', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const png = { name: 'a.png', bytes: await image('png') };

    const late = await uploadParts(api, id, [{ file: png }, { field: 'class', value: 'roses' }], member.token);
    expect(late.status).toBe(400);
    expect(late.body.error).toMatch(/`class` field must come before the first file/);

    const lateSplit = await uploadParts(api, id, [{ field: 'class', value: 'roses' }, { file: png }, { field: 'split', value: 'val' }], member.token);
    expect(lateSplit.status).toBe(400);
    expect(lateSplit.body.error).toMatch(/`split` field came after a file/);

    for (const [className, message] of [
      ['../etc', /cannot contain '\/'/],
      ['a\\b', /cannot contain '\/' or '\\'/],
      ['.hidden', /cannot start with '\.'/],
      ['  ', /empty/],
      ['x'.repeat(101), /longer than 100/],
    ] as const) {
      const result = await upload(api, id, member.token, className, [png]);
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ code: 'BAD_USER_INPUT', error: expect.stringMatching(message) });
    }
    const badSplit = await upload(api, id, member.token, 'roses', [png], 'test');
    expect(badSplit.body.error).toMatch(/Invalid `split` field 'test': use "train" or "val"/);

    const noFiles = await uploadParts(api, id, [{ field: 'class', value: 'roses' }], member.token);
    expect(noFiles.status).toBe(400);
    expect(noFiles.body.error).toMatch(/no files/);

    const json = await fetch(`${apiBase(api)}/api/datasets/${id}/images`, { method: 'POST', headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toMatch(/multipart\/form-data/);

    // The refused requests stored nothing; the late-split one had stored its first image.
    expect((await readDataset(api, id, member.token)).classes).toEqual([{ name: 'roses', trainCount: 1, valCount: 0 }]);
  });

  it('takes at most 500 files per request and names the ones left out', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const files = Array.from({ length: 502 }, (_, i) => ({ name: `f${i}.txt`, bytes: `file ${i}` }));
    const result = await upload(api, id, member.token, 'junk', files);
    expect(result.status).toBe(200);
    expect(result.body.accepted).toBe(0);
    expect(result.body.rejected).toHaveLength(502);
    expect(result.body.rejected?.[499]).toEqual({ file: 'f499.txt', reason: 'not an image (expected JPEG, PNG, GIF, WebP or BMP)' });
    expect(result.body.rejected?.slice(500)).toEqual([
      { file: 'f500.txt', reason: 'too many files in one request (max 500): send the rest in another request' },
      { file: 'f501.txt', reason: 'too many files in one request (max 500): send the rest in another request' },
    ]);
  });

  it('lets only members of the dataset team upload', async () => {
    const a = await teamWithPeople(api);
    const b = await teamWithPeople(api);
    const id = await createDatasetVia(api, a.member.token, a.teamId);
    const files = [{ name: 'a.png', bytes: await image('png', 3) }];

    expect((await upload(api, id, undefined, 'roses', files)).status).toBe(401);
    const viewer = await upload(api, id, a.viewer.token, 'roses', files);
    expect(viewer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    for (const token of [b.owner.token, (await userWithRole(api, null)).token]) {
      expect(await upload(api, id, token, 'roses', files)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    }
    expect((await upload(api, 'not-a-uuid', a.member.token, 'roses', files)).status).toBe(404);
    expect((await readDataset(api, id, a.owner.token)).imageCount).toBe(0);
    expect(await upload(api, id, a.owner.token, 'roses', files)).toMatchObject({ status: 200, body: { accepted: 1 } });
  });

  it('serves stored images to viewers of the team, with their content type and immutable caching', async () => {
    const a = await teamWithPeople(api);
    const b = await teamWithPeople(api);
    const id = await createDatasetVia(api, a.member.token, a.teamId);
    const otherId = await createDatasetVia(api, b.member.token, b.teamId);
    const webp = await image('webp', 5);
    const bmp = await image('bmp', 6);
    const secret = await image('png', 77);
    await upload(api, id, a.member.token, 'roses', [{ name: 'r.webp', bytes: webp }, { name: 'r.bmp', bytes: bmp }]);
    await upload(api, otherId, b.member.token, 'secret', [{ name: 's.png', bytes: secret }]);

    const { dataset } = await api.must<{ dataset: { images: { items: { sha256: string; url: string }[] } } }>('query ($id: ID!) { dataset(id: $id) { images { items { sha256 url } } } }', { id }, a.viewer.token);
    const urlOf = (bytes: Buffer) => dataset.images.items.find((item) => item.sha256 === sha256(bytes))!.url;
    const get = (url: string, token?: string, headers: Record<string, string> = {}) => fetch(url, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

    const res = await get(urlOf(webp), a.viewer.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect(res.headers.get('etag')).toBe(`"${sha256(webp)}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(webp)).toBe(true);
    expect((await get(urlOf(bmp), a.viewer.token)).headers.get('content-type')).toBe('image/bmp');
    expect((await get(urlOf(webp), a.viewer.token, { 'if-none-match': `"${sha256(webp)}"` })).status).toBe(304);

    expect((await get(urlOf(webp))).status).toBe(401);
    expect((await get(urlOf(webp), b.owner.token)).status).toBe(404);
    // Another team's image through a dataset one may see: the sha256 alone opens nothing.
    expect((await get(`${apiBase(api)}/api/datasets/${id}/images/${sha256(secret)}`, a.owner.token)).status).toBe(404);
    expect((await get(`${apiBase(api)}/api/datasets/${otherId}/images/${sha256(secret)}`, a.owner.token)).status).toBe(404);
    expect((await get(`${apiBase(api)}/api/datasets/${id}/images/not-a-sha`, a.owner.token)).status).toBe(404);
  });

  it('serves no images to a trainer, even while it holds a run of the dataset: trainers fetch them from /api/worker/images', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const png = await image('png', 11);
    await upload(api, id, member.token, 'roses', [{ name: 'r.png', bytes: png }]);
    const worker = await api.workerToken();
    const url = `${apiBase(api)}/api/datasets/${id}/images/${sha256(png)}`;
    const get = () => fetch(url, { headers: { authorization: `Bearer ${worker}` } });

    expect((await get()).status).toBe(401);
    const run = await createRun(api.database.db, { datasetId: id });
    const [held] = await api.database.db.select({ id: workerTokens.id }).from(workerTokens).where(eq(workerTokens.tokenHash, hashToken(worker)));
    await api.database.db.update(runs).set({ status: 'RUNNING', leaseOwner: held!.id, leaseExpiresAt: new Date(Date.now() + 60_000) }).where(eq(runs.id, run.id));
    expect((await get()).status).toBe(401);
    const viaClaim = await fetch(`${apiBase(api)}/api/worker/images/${sha256(png)}`, { headers: { authorization: `Bearer ${worker}` } });
    expect(viaClaim.status).toBe(200);
    expect(Buffer.from(await viaClaim.arrayBuffer()).equals(png)).toBe(true);
    // A trainer cannot upload.
    expect((await upload(api, id, worker, 'roses', [{ name: 'r.png', bytes: png }])).status).toBe(401);
  });
});
