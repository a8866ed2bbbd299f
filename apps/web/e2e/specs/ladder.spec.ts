import { createDataset, createTeam, uploadImages } from '../fixtures/api';
import { CLASSES, generateImages } from '../fixtures/images';
import { readmeScreenshot } from '../fixtures/readme-screenshot';
import { expect, test } from '../fixtures/test';

const EPOCHS = 2;

test('run the ladder on a generated dataset and see its three curves and the comparison card fill in live', async ({ page, user }) => {
  test.setTimeout(300_000);
  const teamId = await createTeam(user.token, 'Ladder lab');
  const datasetId = await createDataset(user.token, teamId, 'shapes');
  for (const className of CLASSES) await uploadImages(user.token, datasetId, className, await generateImages(className, 8));

  // The form on the dataset's page: bounds are checked before anything is sent.
  await page.goto(`/teams/${teamId}/datasets/${datasetId}`);
  const form = page.getByRole('form', { name: 'Run the ladder' });
  await form.getByLabel('Image size').fill('16');
  await form.getByRole('button', { name: 'Run the ladder' }).click();
  await expect(form.getByText('Image size must be at least 32')).toBeVisible();
  await form.getByLabel('Image size').fill('32');
  await form.getByLabel('Epochs', { exact: true }).fill(String(EPOCHS));
  await form.getByLabel('Fine-tune epochs').fill('1');
  await form.getByLabel('Backbone').selectOption('MOBILENET_V2');
  // The e2e trainer has no ImageNet weights: random ones keep the check quick and offline.
  await form.getByLabel('Transfer runs start from ImageNet weights').uncheck();
  await form.getByRole('button', { name: 'Run the ladder' }).click();

  // The group page, without a reload while the runs train.
  await expect(page).toHaveURL(/\/groups\/[0-9a-f-]+$/);
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const card = page.getByTestId('ladder-comparison');
  await expect(card.getByTestId('transfer-gain')).toHaveText('—');
  for (const strategy of ['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE']) {
    await expect(card.getByTestId(`rung-${strategy}`).getByRole('cell').first()).toHaveText(/%/, { timeout: 240_000 });
  }
  await expect(card.getByTestId('transfer-gain')).toHaveText(/^[+−±]\d+\.\d pts$/);
  await expect(card.getByTestId('fine-tune-gain')).toHaveText(/^[+−±]\d+\.\d pts$/);
  await expect(page.getByTestId('run-status')).toHaveCount(3);
  for (const badge of await page.getByTestId('run-status').all()) await expect(badge).toHaveAttribute('data-status', 'SUCCEEDED');
  await expect(page.getByTestId('compare-val-accuracy')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await readmeScreenshot(page, test.info(), 'ladder-group');

  // The compare page opens with the group's three runs, and links back to the ladder.
  await page.getByRole('link', { name: 'Compare these runs' }).click();
  await expect(page).toHaveURL(/\/compare\?runs=/);
  await expect(page.getByRole('link', { name: /Open the group/ })).toBeVisible();
});
