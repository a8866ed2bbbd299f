import { SWEEP_BOUNDS } from '@transferlab/run-config';
import { createDataset, createTeam, gql, uploadImages } from '../fixtures/api';
import { uploadFixedWeights } from '../fixtures/fixed-weights';
import { CLASSES, generateImages } from '../fixtures/images';
import { readmeScreenshot } from '../fixtures/readme-screenshot';
import { expect, test } from '../fixtures/test';

test('start a 2 x 2 sweep from the run form, see it ranked live, register the best model, and see a later run reuse cached features', async ({ page, user }) => {
  test.setTimeout(300_000);
  const teamId = await createTeam(user.token, 'Sweep lab');
  const datasetId = await createDataset(user.token, teamId, 'shapes');
  for (const className of CLASSES) await uploadImages(user.token, datasetId, className, await generateImages(className, 8));
  // One file of weights for every run, so that they share the trainer's feature cache (random weights never do).
  const weightsId = await uploadFixedWeights(user.token);

  // From the dataset's page to the run form's sweep mode, with the base settings of a quick run.
  await page.goto(`/teams/${teamId}/datasets/${datasetId}`);
  await page.getByRole('link', { name: 'start a sweep' }).click();
  await expect(page).toHaveURL(/\/runs\/new\?dataset=.+&mode=sweep$/);
  await expect(page.getByRole('radio', { name: /A sweep/ })).toBeChecked();
  await page.getByRole('radio', { name: 'Feature extraction', exact: true }).check();
  await page.getByLabel('Backbone').selectOption('MOBILENET_V2');
  await page.getByLabel('Weights', { exact: true }).selectOption(`asset:${weightsId}`);
  await page.getByLabel('Image size (px)').fill('32');
  await page.getByLabel('Feature-extraction epochs').fill('2');
  await page.getByLabel('Batch size').fill('8');
  await page.getByLabel('Seed (optional)').fill('1');
  await page.getByLabel('Sweep name (optional)').fill('lr x dropout');
  const learningRates = page.getByLabel('Learning rate values', { exact: true });
  const dropouts = page.getByLabel('Dropout values', { exact: true });
  await expect(page.getByLabel('Fine-tune learning rate values')).toHaveCount(0);

  // The size shows live, and the bounds are checked before anything is sent.
  await learningRates.fill('0.1, 0.01, 0.001, 0.0001');
  await dropouts.fill('0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6');
  await expect(page.getByTestId('sweep-size')).toHaveText(`4 x 7 = 28 runs (more than ${SWEEP_BOUNDS.maxRuns})`);
  await page.getByRole('button', { name: /Start sweep/ }).click();
  await expect(page.getByText(`A sweep is at most ${SWEEP_BOUNDS.maxRuns} runs (got 4 x 7 = 28 runs); shorten a list`)).toBeVisible();
  await learningRates.fill('0.01, 2');
  await dropouts.fill('0, 0.3');
  await page.getByRole('button', { name: /Start sweep/ }).click();
  await expect(page.getByText('Learning rate must be at most 1 (got 2)')).toBeVisible();
  await expect(page).toHaveURL(/\/runs\/new/);
  await learningRates.fill('0.01, 0.001');
  await expect(page.getByTestId('sweep-size')).toHaveText('2 x 2 = 4 runs');
  await page.getByRole('button', { name: 'Start sweep (4 runs)' }).click();

  // The group page fills in and re-ranks without a reload as the runs finish.
  await expect(page).toHaveURL(/\/groups\/[0-9a-f-]+$/);
  const groupId = page.url().split('/').pop()!;
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await expect(page.getByRole('heading', { name: 'lr x dropout' })).toBeVisible();
  const rows = page.getByTestId('sweep-entry');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute('data-rank', '1', { timeout: 200_000 });
  await expect(page.getByTestId('sweep-finished')).toContainText('4 of 4 runs finished', { timeout: 200_000 });
  await expect(rows.last()).toHaveAttribute('data-rank', '4');
  const accuracies = (await page.getByTestId('sweep-val-accuracy').allTextContents()).map((t) => Number(t.replace('%', '')));
  expect(accuracies).toHaveLength(4);
  expect([...accuracies].sort((a, b) => b - a)).toEqual(accuracies);
  for (const badge of await page.getByTestId('sweep-ranking').getByTestId('run-status').all()) await expect(badge).toHaveAttribute('data-status', 'SUCCEEDED');
  await expect(page.getByTestId('sweep-parallel-coordinates')).toHaveAttribute('data-lines', '4');
  await expect(page.getByTestId('compare-val-accuracy')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // Register the best run's model under the default alias, and see it.
  const register = page.getByRole('form', { name: 'Register best model' });
  await expect(register.getByLabel('Alias')).toHaveValue('best');
  await register.getByRole('button', { name: 'Register best model' }).click();
  await expect(register.getByTestId('best-model-aliases')).toHaveText(/\bbest\b/);
  await readmeScreenshot(page, test.info(), 'sweep-group');

  // The e2e trainer trains one run at a time; the runs after the first share its weights and image
  // size, so the last one to start finds its features in the cache. (Runs queued together have one
  // creation time: the claim order among them is not the grid's.)
  const { runGroup } = await gql<{ runGroup: { runs: { id: string; startedAt: string }[] } }>('query ($id: ID!) { runGroup(id: $id) { runs { id startedAt } } }', { id: groupId }, user.token);
  const last = runGroup.runs.reduce((a, b) => (Date.parse(b.startedAt) > Date.parse(a.startedAt) ? b : a));
  await page.goto(`/teams/${teamId}/runs/${last.id}`);
  const cache = page.getByTestId('feature-cache');
  await expect(cache).toHaveText(/^\d+ hits, \d+ misses$/);
  const [hits] = /^(\d+)/.exec((await cache.textContent()) ?? '')!.slice(1).map(Number);
  expect(hits).toBeGreaterThan(0);

  // The compare page takes the whole group at once.
  await page.goto(`/teams/${teamId}/groups/${groupId}`);
  await page.getByRole('link', { name: 'Compare these runs' }).click();
  await expect(page).toHaveURL(/\/compare\?group=/);
  await expect(page.getByTestId('compare-val-accuracy')).toHaveAttribute('aria-label', /lr x dropout/);
});
