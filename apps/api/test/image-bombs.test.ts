import { gifBomb, pngBomb, rle8BmpBomb } from '@transferlab/ml-core/testing/image-bombs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, createDatasetVia, image, importZip, readDataset, teamWithPeople, upload, type Format } from './datasets-fixtures';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { MAX_STALL_MS, measureServerLoad } from './server-load';

// Tiny files declaring 9000 x 9000 pixels (81 MP, over the default 40 MP limit). Before the limit
// was read from headers, the BMP cost the API ~600 MB and a second of blocked event loop, the GIF
// ~340 MB in the thread pool.
const BOMBS = [
  { name: 'bomb.bmp', bytes: rle8BmpBomb(9000, 9000) },
  { name: 'bomb.png', bytes: pngBomb(9000, 9000) },
  { name: 'bomb.gif', bytes: gifBomb(9000, 9000) },
];
const REFUSAL = 'too many pixels: 9000 x 9000 is 81 MP, over the limit of 40 MP; scale the image down (training resizes it to at most 1024 px anyway)';
const MAX_RSS_GROWTH_MB = 50;

async function honestImages(): Promise<{ name: string; bytes: Buffer }[]> {
  const formats: Format[] = ['jpeg', 'png', 'gif', 'webp', 'bmp'];
  const images = await Promise.all(formats.map(async (format, i) => ({ name: `ok.${format}`, bytes: await image(format, i, 40, 30) })));
  // An RLE-compressed BMP decodes through the same code as the BMP bomb, at an honest size.
  return [...images, { name: 'ok-rle.bmp', bytes: rle8BmpBomb(64, 48) }];
}

describe.each(DB_KINDS)('image bombs (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it('refuses each bomb in an upload from its header, naming its size and the limit, while memory and the event loop stay free', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const honest = await honestImages();
    // First, so that the upload path's code is loaded and warm before anything is measured.
    expect((await upload(api, id, member.token, 'roses', honest)).body).toEqual({ accepted: honest.length, rejected: [] });

    for (const bomb of BOMBS) {
      const load = await measureServerLoad(() => upload(api, id, member.token, 'roses', [bomb]));
      expect(load.result.body).toEqual({ accepted: 0, rejected: [{ file: bomb.name, reason: REFUSAL }] });
      expect(load.maxStallMs, `${bomb.name}: event loop blocked`).toBeLessThan(MAX_STALL_MS);
      expect(load.rssGrowthMb, `${bomb.name}: RSS growth`).toBeLessThan(MAX_RSS_GROWTH_MB);
    }
    expect((await readDataset(api, id, member.token)).imageCount).toBe(honest.length);
  });

  it('accepts an image just under the limit and decodes it off the event loop, a BMP included', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    // 6000 x 6000 = 36 MP: the BMP is decoded by bmp-js (about 250 MB), the PNG by libvips.
    for (const file of [{ name: 'big.bmp', bytes: rle8BmpBomb(6000, 6000) }, { name: 'big.png', bytes: pngBomb(6000, 6000) }]) {
      const load = await measureServerLoad(() => upload(api, id, member.token, 'roses', [file]));
      expect(load.result.body).toEqual({ accepted: 1, rejected: [] });
      expect(load.maxStallMs, `${file.name}: event loop blocked`).toBeLessThan(MAX_STALL_MS);
    }
  });

  it('refuses the same bombs inside a zip import and keeps the honest images beside them', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    const honest = await honestImages();
    const zip = buildZip([
      ...honest.map(({ name, bytes }) => ({ name: `roses/${name}`, data: bytes })),
      ...BOMBS.map(({ name, bytes }) => ({ name: `tulips/${name}`, data: bytes })),
      { name: 'tulips/ok.png', data: await image('png', 77) },
    ]);
    expect((await importZip(api, id, zip, member.token)).body).toEqual({
      accepted: honest.length + 1,
      rejected: BOMBS.map(({ name }) => ({ file: `tulips/${name}`, reason: REFUSAL })),
    });
    // Measured alone, so that the honest images' decoding does not count against the bombs.
    const bombsOnly = buildZip(BOMBS.map(({ name, bytes }) => ({ name: `daisy/${name}`, data: bytes })));
    const load = await measureServerLoad(() => importZip(api, id, bombsOnly, member.token));
    expect(load.result.body).toEqual({ accepted: 0, rejected: BOMBS.map(({ name }) => ({ file: `daisy/${name}`, reason: REFUSAL })) });
    expect(load.maxStallMs).toBeLessThan(MAX_STALL_MS);
    expect(load.rssGrowthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  });
});
