import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { createImageDataset, createTeamFixture, expectError } from './runs-fixtures';

const DATASET = `query ($id: ID!) { dataset(id: $id) {
  revision imageCount classes { name trainCount valCount }
  images(first: 50) { items { id sha256 className split } }
  changes { revision kind imageSha256 split fromClass toClass }
} }`;
const MOVE = 'mutation ($imageId: ID!, $className: String!) { moveDatasetImage(imageId: $imageId, className: $className) { id className split } }';
const DELETE = 'mutation ($imageId: ID!) { deleteDatasetImage(imageId: $imageId) { id revision imageCount } }';

interface DatasetView {
  revision: number;
  imageCount: number;
  classes: { name: string; trainCount: number; valCount: number }[];
  images: { items: { id: string; sha256: string; className: string; split: string }[] };
  changes: { revision: number; kind: string; imageSha256: string; split: string; fromClass: string; toClass: string | null }[];
}

describe.each(DB_KINDS)('relabelling and deleting dataset images (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it('a member moves an image to another class and deletes one; counts change, each change is recorded and bumps the revision', async () => {
    const team = await createTeamFixture(api);
    const { dataset, images } = await createImageDataset(api, team, { daisy: 2, tulips: 2 });
    const view = async () => (await api.must<{ dataset: DatasetView }>(DATASET, { id: dataset.id }, team.viewer.token)).dataset;
    const before = await view();
    expect(before.revision).toBe(0);
    expect(before.changes).toEqual([]);
    const idOf = (sha256: string) => before.images.items.find((i) => i.sha256 === sha256)!.id;

    const daisy = images.find((i) => i.className === 'daisy' && i.split === 'train')!;
    const { moveDatasetImage } = await api.must<{ moveDatasetImage: { className: string; split: string } }>(MOVE, { imageId: idOf(daisy.sha256), className: 'tulips' }, team.member.token);
    expect(moveDatasetImage).toMatchObject({ className: 'tulips', split: 'train' });
    const tulip = images.find((i) => i.className === 'tulips' && i.split === 'val')!;
    const { deleteDatasetImage } = await api.must<{ deleteDatasetImage: { revision: number; imageCount: number } }>(DELETE, { imageId: idOf(tulip.sha256) }, team.member.token);
    expect(deleteDatasetImage).toMatchObject({ revision: 2, imageCount: 5 });

    const after = await view();
    expect(after.revision).toBe(2);
    expect(after.classes).toEqual([
      { name: 'daisy', trainCount: 1, valCount: 1 },
      { name: 'tulips', trainCount: 3, valCount: 0 },
    ]);
    expect(after.changes).toEqual([
      { revision: 2, kind: 'DELETE', imageSha256: tulip.sha256, split: 'val', fromClass: 'tulips', toClass: null },
      { revision: 1, kind: 'RELABEL', imageSha256: daisy.sha256, split: 'train', fromClass: 'daisy', toClass: 'tulips' },
    ]);
  });

  it('a viewer cannot change images, another team cannot find them, and bad class names name the rule', async () => {
    const team = await createTeamFixture(api);
    const other = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { daisy: 1, tulips: 1 });
    const { dataset: view } = await api.must<{ dataset: DatasetView }>(DATASET, { id: dataset.id }, team.viewer.token);
    const imageId = view.images.items[0]!.id;
    expectError(await api.gql(MOVE, { imageId, className: 'tulips' }, team.viewer.token), 'FORBIDDEN');
    expectError(await api.gql(DELETE, { imageId }, team.viewer.token), 'FORBIDDEN');
    expectError(await api.gql(DELETE, { imageId }, other.owner.token), 'NOT_FOUND');
    expectError(await api.gql(MOVE, { imageId, className: 'x'.repeat(101) }, team.member.token), 'BAD_USER_INPUT', /longer than 100 characters/);
    expectError(await api.gql(MOVE, { imageId, className: view.images.items[0]!.className }, team.member.token), 'BAD_USER_INPUT', /already in class/);
    expectError(await api.gql('query ($id: ID!) { dataset(id: $id) { changes(first: 201) { revision } } }', { id: dataset.id }, team.viewer.token), 'BAD_USER_INPUT', /between 0 and 200/);
    const { dataset: unchanged } = await api.must<{ dataset: DatasetView }>(DATASET, { id: dataset.id }, team.viewer.token);
    expect(unchanged).toMatchObject({ revision: 0, imageCount: 4, changes: [] });
  });
});
