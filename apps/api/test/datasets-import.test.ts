import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, createDatasetVia, image, importZip, noisePng, postChunked, readDataset, teamWithPeople, userWithRole } from './datasets-fixtures';
import { DB_KINDS, startTestApi, type TestApi } from './harness';

const MAX_UPLOAD = 64 * 1024;
const ESCAPES = 'path escapes the dataset folder';

/** Every file name under a folder, at any depth. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe.each(DB_KINDS)('dataset zip imports (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind, { maxUploadBytes: MAX_UPLOAD, maxUploadRequestBytes: 10 * MAX_UPLOAD });
  });
  afterAll(() => api.close());

  it('imports train/ and val/ class folders inside one top-level folder, refusing escapes and non-images', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const zip = buildZip([
      { name: 'flowers/' },
      { name: 'flowers/train/roses/r1.jpg', data: await image('jpeg', 1) },
      { name: 'flowers/train/roses/nested/r2.png', data: await image('png', 2), store: true },
      { name: 'flowers/train/tulips/t1.webp', data: await image('webp', 3) },
      { name: 'flowers/train/tulips/t2.gif', data: await image('gif', 4) },
      { name: 'flowers/val/roses/r3.bmp', data: await image('bmp', 5) },
      { name: 'flowers/validation/tulips/t3.jpg', data: await image('jpeg', 6) },
      { name: 'flowers/train/tulips/readme.txt', data: 'not a picture' },
      { name: 'flowers/train/tulips/cut.jpg', data: (await image('jpeg', 7, 64, 64)).subarray(0, 200) },
      { name: 'flowers/train/tulips/huge.png', data: await noisePng(160, 160) },
      { name: 'flowers/test/roses/x.jpg', data: await image('jpeg', 8) },
      { name: 'flowers/train/loose.jpg', data: await image('jpeg', 9) },
      { name: 'flowers/train/.git/HEAD.png', data: await image('png', 10) },
      { name: 'flowers/.DS_Store', data: 'junk' },
      { name: '__MACOSX/flowers/train/roses/._r1.jpg', data: 'junk' },
      { name: '../evil.png', data: await image('png', 11) },
      { name: '/abs.png', data: await image('png', 12) },
      { name: 'flowers/train/roses/../../../up.png', data: await image('png', 13) },
      { name: 'flowers\\train\\roses\\win.png', data: await image('png', 14) },
      { name: 'C:/windows.png', data: await image('png', 15) },
      { name: 'flowers/train/roses/link.png', data: '../../../../etc/passwd', symlink: true },
    ]);
    const result = await importZip(api, id, zip, member.token);
    expect(result.status).toBe(200);
    expect(result.body.accepted).toBe(6);
    const reasons = Object.fromEntries((result.body.rejected ?? []).map((r) => [r.file, r.reason]));
    expect(reasons).toEqual({
      '../evil.png': ESCAPES,
      '/abs.png': ESCAPES,
      'flowers/train/roses/../../../up.png': ESCAPES,
      'flowers\\train\\roses\\win.png': ESCAPES,
      'C:/windows.png': ESCAPES,
      'flowers/train/roses/link.png': ESCAPES,
      'flowers/train/tulips/readme.txt': 'not an image (expected JPEG, PNG, GIF, WebP or BMP)',
      'flowers/train/tulips/cut.jpg': 'corrupt or truncated JPEG',
      'flowers/train/tulips/huge.png': 'too large (max 0.0625 MB)',
      'flowers/test/roses/x.jpg': expect.stringMatching(/^outside train\/ and val\//),
      'flowers/train/loose.jpg': expect.stringMatching(/^not inside a class folder/),
    });

    const dataset = await readDataset(api, id, member.token);
    expect(dataset.classes).toEqual([
      { name: 'roses', trainCount: 2, valCount: 1 },
      { name: 'tulips', trainCount: 2, valCount: 1 },
    ]);
    // Nothing was extracted: no entry's name exists as a file anywhere near the server's data.
    const written = [...(await filesUnder(api.dataDir)), ...(await readdir(tmpdir()))];
    for (const name of ['evil.png', 'abs.png', 'up.png', 'win.png', 'windows.png', 'link.png', 'r1.jpg']) expect(written).not.toContain(name);
    expect(await readdir(join(api.dataDir, '..'))).not.toContain('evil.png');
  });

  it('imports a flat <class>/ layout, into val when asked, and a second import of the same zip adds nothing', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const zip = buildZip([
      { name: 'cats/c1.png', data: await image('png', 21) },
      { name: 'cats/c2.png', data: await image('png', 22) },
      { name: 'dogs/d1.jpg', data: await image('jpeg', 23) },
      { name: 'stray.jpg', data: await image('jpeg', 24) },
      { name: '.hidden/x.png', data: await image('png', 25) },
    ]);
    expect((await importZip(api, id, zip, member.token)).body).toEqual({
      accepted: 3,
      rejected: [{ file: 'stray.jpg', reason: expect.stringMatching(/^not inside a class folder/) }],
    });
    expect((await importZip(api, id, zip, member.token)).body.accepted).toBe(3);
    expect((await importZip(api, id, zip, member.token, { query: '?split=val' })).body.accepted).toBe(3);
    const dataset = await readDataset(api, id, member.token);
    expect(dataset.classes).toEqual([
      { name: 'cats', trainCount: 2, valCount: 2 },
      { name: 'dogs', trainCount: 1, valCount: 1 },
    ]);
    expect(dataset.warnings).toContainEqual(expect.stringMatching(/^3 images are in both train and val/));
  });

  it('refuses bodies that are not a zip, the wrong content type, and zips over the size limit', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const notZip = await importZip(api, id, 'hello', member.token);
    expect(notZip).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT', error: expect.stringMatching(/not a readable zip/) } });

    const wrongType = await importZip(api, id, buildZip([{ name: 'a/b.png', data: await image('png') }]), member.token, { contentType: 'text/plain' });
    expect(wrongType).toMatchObject({ status: 400, body: { error: expect.stringMatching(/Content-Type: application\/zip/) } });

    const badSplit = await importZip(api, id, buildZip([{ name: 'a/b.png', data: await image('png') }]), member.token, { query: '?split=test' });
    expect(badSplit.status).toBe(400);

    // Incompressible entries, stored: the zip is bigger than maxUploadRequestBytes.
    const big = buildZip(await Promise.all(Array.from({ length: 12 }, async (_, i) => ({ name: `noise/${i}.png`, data: await noisePng(150, 150), store: true }))));
    expect(big.length).toBeGreaterThan(10 * MAX_UPLOAD);
    expect(await importZip(api, id, big, member.token)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', error: expect.stringMatching(/larger than 0.625 MB/) } });

    // Without a Content-Length (chunked), the limit is enforced while the body streams in.
    const streamed = await postChunked(`${api.server.url.replace(/\/graphql$/, '')}/api/datasets/${id}/import`, big.subarray(0, 12 * 65_536), { 'content-type': 'application/zip', authorization: `Bearer ${member.token}` });
    expect(streamed.status).toBe(413);
    expect((await readDataset(api, id, member.token)).imageCount).toBe(0);
  });

  it('lets only members of the dataset team import', async () => {
    const a = await teamWithPeople(api);
    const b = await teamWithPeople(api);
    const id = await createDatasetVia(api, a.member.token, a.teamId);
    const zip = buildZip([
      { name: 'cats/c.png', data: await image('png', 31) },
      { name: 'dogs/d.png', data: await image('png', 32) },
    ]);
    expect((await importZip(api, id, zip)).status).toBe(401);
    expect(await importZip(api, id, zip, a.viewer.token)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await importZip(api, id, zip, b.owner.token)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect((await importZip(api, id, zip, (await userWithRole(api, null)).token)).status).toBe(404);
    expect((await readDataset(api, id, a.viewer.token)).imageCount).toBe(0);
    expect((await importZip(api, id, zip, a.owner.token)).body.accepted).toBe(2);
  });
});
