import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createDataset, createTeam, uploadImages } from '../fixtures/api';
import { expect, test } from '../fixtures/test';
import { makeZip } from '../fixtures/zip';

// Opt-in (TRANSFERLAB_SHARED_CHECKS=1): real photos and Keras's ImageNet-pretrained MobileNetV2 0.35,
// read from ../shared (never copied into the project). CI always has it; elsewhere the test is
// skipped with the reason printed.
const shared = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const flowers = `${shared}datasets/flowers5`;
const mobilenet = `${shared}models/mobilenet_v2_035_224_imagenet_base`;
const skipReason =
  process.env.TRANSFERLAB_SHARED_CHECKS !== '1'
    ? 'pretrained-weights check skipped: set TRANSFERLAB_SHARED_CHECKS=1 to run it (it reads ../shared)'
    : !existsSync(flowers) || !existsSync(`${mobilenet}/model.json`)
      ? `pretrained-weights check skipped: ${flowers} or ${mobilenet} is missing`
      : null;
if (skipReason) console.log(skipReason);

test.skip(skipReason !== null, skipReason ?? '');

test('upload a TF.js MobileNetV2 on the Weights page, train flowers5 from it, and see it reach 75% live', async ({ page, user }) => {
  test.setTimeout(900_000);
  const teamId = await createTeam(user.token, 'Flower lab');
  const datasetId = await createDataset(user.token, teamId, 'flowers5');
  for (const className of await readdir(flowers, { withFileTypes: true })) {
    if (!className.isDirectory()) continue;
    const dir = `${flowers}/${className.name}`;
    const files = await Promise.all((await readdir(dir)).map(async (name) => ({ name, bytes: await readFile(`${dir}/${name}`) })));
    expect((await uploadImages(user.token, datasetId, className.name, files)).rejected).toEqual([]);
  }

  // The TF.js export, zipped in the test, uploaded with progress on the Weights page.
  const zip = makeZip(await Promise.all(['model.json', 'weights.bin'].map(async (name) => ({ path: `mobilenet/${name}`, bytes: await readFile(`${mobilenet}/${name}`) }))));
  await page.goto(`/teams/${teamId}/weights`);
  await expect(page.getByText('This server holds no copy of Keras')).toBeVisible();
  await page.getByLabel('Weights name').fill('imagenet-mobilenet-035');
  await page.getByLabel('For backbone').selectOption('MOBILENET_V2');
  await page.getByLabel('Width (alpha)').selectOption('0.35');
  await page.getByLabel('Weights files').setInputFiles({ name: 'mobilenet.zip', mimeType: 'application/zip', buffer: zip });
  await page.getByRole('button', { name: 'Upload weights' }).click();
  await expect(page.getByRole('status')).toContainText('Uploaded “imagenet-mobilenet-035”', { timeout: 60_000 });
  const row = page.getByRole('table', { name: 'Team weights' }).getByRole('row', { name: /imagenet-mobilenet-035/ });
  await expect(row).toContainText('MobileNetV2 α 0.35');
  await expect(row).toContainText('TF.js export');

  // A feature-extraction run at 224 px from those weights, picked beside the backbone.
  await page.goto(`/teams/${teamId}/runs/new?dataset=${datasetId}`);
  await page.getByRole('radio', { name: 'Feature extraction', exact: true }).check();
  await page.getByLabel('Backbone').selectOption('MOBILENET_V2');
  await expect(page.getByRole('note')).toContainText('no copy of Keras');
  await page.getByLabel('Weights', { exact: true }).selectOption({ label: 'imagenet-mobilenet-035 (MobileNetV2 α 0.35, uploaded)' });
  await page.getByLabel('Image size (px)').fill('224');
  await page.getByLabel('Feature-extraction epochs').fill('80');
  await page.getByLabel('Batch size').fill('16');
  await page.getByLabel('Seed (optional)').fill('1337');
  await page.getByRole('button', { name: 'Start run' }).click();

  // Watched live to the end on the run page.
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]+$/);
  await expect(page.getByTestId('run-status').first()).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 840_000 });
  const accuracy = Number((await page.getByTestId('best-val-accuracy').textContent())?.replace('%', ''));
  console.log(JSON.stringify({ check: 'pretrained-weights-e2e', bestValAccuracyPercent: accuracy }));
  expect(accuracy).toBeGreaterThanOrEqual(75);
});
