import { createDatasetImage, fakeSha256 } from '@transferlab/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatasetVia, readDataset, teamWithPeople, userWithRole } from './datasets-fixtures';
import { DB_KINDS, startTestApi, type TestApi } from './harness';

const CREATE = 'mutation ($t: ID!, $n: String!) { createDataset(teamId: $t, name: $n) { id name createdAt team { id } classes { name } imageCount trainCount valCount warnings } }';

describe.each(DB_KINDS)('datasets over GraphQL (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  /** Rows straight into the table: counts and warnings do not depend on image bytes. */
  async function addRows(datasetId: string, className: string, split: 'train' | 'val', count: number, sha256s: string[] = []) {
    for (let i = 0; i < count; i++) {
      await createDatasetImage(api.database.db, { datasetId, className, split, sha256: sha256s[i] ?? fakeSha256(), fileName: `${className}-${i}.jpg` });
    }
  }

  it('creates an empty dataset for a member, with a trimmed name, and refuses bad names', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const { createDataset } = await api.must<{ createDataset: Record<string, unknown> }>(CREATE, { t: teamId, n: '  Flowers  ' }, member.token);
    expect(createDataset).toMatchObject({ name: 'Flowers', team: { id: teamId }, classes: [], imageCount: 0, trainCount: 0, valCount: 0 });
    expect(new Date(createDataset.createdAt as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(createDataset.warnings).toEqual([expect.stringContaining('add at least two classes before training')]);

    for (const name of ['   ', 'x'.repeat(101)]) {
      const result = await api.gql(CREATE, { t: teamId, n: name }, member.token);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await api.must<{ createDataset: { name: string } }>(CREATE, { t: teamId, n: 'é'.repeat(100) }, member.token)).createDataset.name).toHaveLength(100);
  });

  it('lets only members of the team create datasets', async () => {
    const { teamId, viewer } = await teamWithPeople(api);
    const outsider = await userWithRole(api, (await teamWithPeople(api)).teamId, 'OWNER');
    expect((await api.gql(CREATE, { t: teamId, n: 'x' }, viewer.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(CREATE, { t: teamId, n: 'x' }, outsider.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.gql(CREATE, { t: 'not-a-uuid', n: 'x' }, outsider.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.gql(CREATE, { t: teamId, n: 'x' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows a dataset and the team list to viewers of its team only', async () => {
    const a = await teamWithPeople(api);
    const b = await teamWithPeople(api);
    const id = await createDatasetVia(api, a.member.token, a.teamId, 'roses');
    const other = await createDatasetVia(api, b.member.token, b.teamId, 'tulips');

    expect((await readDataset(api, id, a.viewer.token)).name).toBe('roses');
    const query = 'query ($id: ID!) { dataset(id: $id) { id name } }';
    for (const [datasetId, token] of [[id, b.owner.token], [other, a.owner.token], ['00000000-0000-4000-8000-000000000000', a.owner.token], ['nope', a.owner.token]] as const) {
      const result = await api.gql(query, { id: datasetId }, token);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(result.data?.dataset ?? null).toBeNull();
    }
    expect((await api.gql(query, { id })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const second = await createDatasetVia(api, a.owner.token, a.teamId, 'daisies');
    const { team } = await api.must<{ team: { datasets: { id: string; name: string }[] } }>('query ($t: ID!) { team(id: $t) { datasets { id name } } }', { t: a.teamId }, a.viewer.token);
    expect(team.datasets.map((d) => d.id)).toEqual([second, id]);
  });

  it('counts images per class and split, and lists classes in Keras (code point) order', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    await addRows(id, 'b', 'train', 2);
    await addRows(id, 'B', 'train', 1);
    await addRows(id, 'a', 'val', 3);
    await addRows(id, 'é', 'train', 1);
    await addRows(id, '😀', 'train', 1);
    await addRows(id, '\uffff', 'val', 1);
    const dataset = await readDataset(api, id, member.token);
    expect(dataset.classes).toEqual([
      { name: 'B', trainCount: 1, valCount: 0 },
      { name: 'a', trainCount: 0, valCount: 3 },
      { name: 'b', trainCount: 2, valCount: 0 },
      { name: 'é', trainCount: 1, valCount: 0 },
      { name: '\uffff', trainCount: 0, valCount: 1 },
      { name: '😀', trainCount: 1, valCount: 0 },
    ]);
    expect([dataset.trainCount, dataset.valCount, dataset.imageCount]).toEqual([5, 4, 9]);
  });

  it('warns about one class, imbalance, small classes, classes missing from val and images in both splits', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    await addRows(id, 'roses', 'train', 12);
    expect((await readDataset(api, id, member.token)).warnings).toEqual([expect.stringMatching(/only one class \('roses'\): add at least two classes before training/)]);

    const shared = [fakeSha256(), fakeSha256()];
    await addRows(id, 'tulips', 'train', 31, shared);
    await addRows(id, 'tulips', 'val', 2, shared);
    await addRows(id, 'daisy', 'train', 4);
    const { warnings } = await readDataset(api, id, member.token);
    expect(warnings).toEqual([
      expect.stringMatching(/^Classes are imbalanced: 'tulips' has 33 images and 'daisy' only 4 \(more than 3x\)/),
      expect.stringMatching(/^Class 'daisy' has only 4 training images: add images until it has at least 10/),
      expect.stringMatching(/^Class 'daisy' has no validation images while other classes do/),
      expect.stringMatching(/^Class 'roses' has no validation images/),
      expect.stringMatching(/^2 images are in both train and val with identical content/),
    ]);
  });

  it('has no warnings for two balanced classes with enough images', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    await addRows(id, 'cats', 'train', 10);
    await addRows(id, 'dogs', 'train', 30);
    expect((await readDataset(api, id, member.token)).warnings).toEqual([]);
  });

  it('warns about images stored over the pixel limit, which trainers skip', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    await addRows(id, 'cats', 'train', 10);
    await addRows(id, 'dogs', 'train', 10);
    const stored = (width: number, height: number) => createDatasetImage(api.database.db, { datasetId: id, className: 'dogs', width, height });
    // Exactly 40 MP is allowed; 9000 x 9000 was accepted before the limit was read from headers;
    // 100000 x 100000 does not fit in an integer.
    await Promise.all([stored(8000, 5000), stored(9000, 9000), stored(100_000, 100_000)]);
    expect((await readDataset(api, id, member.token)).warnings).toEqual(['2 images have more than 40 MP, the limit for images: trainers will skip them. Replace them with smaller copies.']);
  });

  it('pages images by class and split, with download URLs', async () => {
    const { teamId, member, viewer } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    await addRows(id, 'b', 'train', 3);
    await addRows(id, 'a', 'val', 2);
    await addRows(id, 'B', 'train', 1);
    const query = `query ($id: ID!, $c: String, $s: String, $f: Int, $o: Int) {
      dataset(id: $id) { images(className: $c, split: $s, first: $f, offset: $o) { total items { id sha256 className split fileName width height bytes url } } } }`;
    type Page = { dataset: { images: { total: number; items: { sha256: string; className: string; split: string; fileName: string; width: number; url: string }[] } } };

    const all = (await api.must<Page>(query, { id }, viewer.token)).dataset.images;
    expect(all.total).toBe(6);
    expect(all.items.map((i) => `${i.className}/${i.split}`)).toEqual(['B/train', 'a/val', 'a/val', 'b/train', 'b/train', 'b/train']);
    const base = api.server.url.replace(/\/graphql$/, '');
    expect(all.items[0]).toMatchObject({ width: 224, fileName: 'B-0.jpg', url: `${base}/api/datasets/${id}/images/${all.items[0]!.sha256}` });

    const page = (await api.must<Page>(query, { id, c: 'b', s: 'train', f: 2, o: 1 }, viewer.token)).dataset.images;
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.fileName)).toEqual(['b-1.jpg', 'b-2.jpg']);
    expect((await api.must<Page>(query, { id, s: 'val' }, viewer.token)).dataset.images.total).toBe(2);

    for (const variables of [{ f: 501 }, { f: -1 }, { o: -1 }, { s: 'test' }]) {
      expect((await api.gql(query, { id, ...variables }, viewer.token)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
