import { createDataset, createTeam, gql, startRun, uploadImages, waitForRun } from '../fixtures/api';
import { CLASSES, generateImages } from '../fixtures/images';
import { readmeScreenshot } from '../fixtures/readme-screenshot';
import { expect, test } from '../fixtures/test';

test('open a model, click a confusion cell to see its images, move one to another class and see the dataset change', async ({ page, user }) => {
  const teamId = await createTeam(user.token, 'Mistakes lab');
  const datasetId = await createDataset(user.token, teamId, 'shapes');
  for (const className of CLASSES) await uploadImages(user.token, datasetId, className, await generateImages(className, 10));
  const run = await waitForRun(user.token, await startRun(user.token, datasetId));
  expect(run.status).toBe('SUCCEEDED');

  await page.goto(`/teams/${teamId}/models/${run.model!.id}`);
  const gallery = page.getByTestId('mistakes-gallery');
  // All validation images, most wrong first: the seeded split holds 2 of each class's 10.
  await expect(page.getByTestId('mistakes-caption')).toHaveText(/All validation images, most wrong first \(6 images\)/);
  await expect(gallery.getByTestId('mistake')).toHaveCount(6);
  await readmeScreenshot(page, test.info(), 'model-mistakes', page.locator('section', { has: gallery }));

  // A cell with images (a mistake when there is one): exactly its count of images, each of that true and predicted class.
  const matrix = page.getByRole('table', { name: 'Confusion matrix' });
  const cells = await Promise.all((await matrix.getByRole('button').all()).map(async (b) => parseCell((await b.getAttribute('aria-label'))!)));
  const filled = cells.filter((c) => c.count > 0);
  const chosen = filled.find((c) => c.trueClass !== c.predictedClass) ?? filled[0]!;
  const kind = chosen.trueClass === chosen.predictedClass ? 'right' : 'wrong';
  await matrix.getByRole('button', { name: `Show images of true ${chosen.trueClass}, predicted ${chosen.predictedClass} (${chosen.count})` }).click();
  await expect(page.getByTestId('mistakes-caption')).toContainText(`True ${chosen.trueClass}, predicted ${chosen.predictedClass}: ${kind} (${chosen.count} image`);
  await expect(gallery.getByTestId('mistake')).toHaveCount(chosen.count);

  // Move the first to another class: the card says where it is now, and the dataset's counts and revision change.
  const target = CLASSES.find((c) => c !== chosen.trueClass)!;
  const first = gallery.getByTestId('mistake').first();
  await first.getByLabel('Move to class').selectOption(target);
  await first.getByRole('button', { name: 'Move' }).click();
  await expect(first).toContainText(`now ${target}`);
  const { dataset } = await gql<{ dataset: { revision: number; classes: { name: string; trainCount: number }[] } }>(
    'query ($id: ID!) { dataset(id: $id) { revision classes { name trainCount } } }',
    { id: datasetId },
    user.token,
  );
  expect(dataset.revision).toBe(1);
  const expected = CLASSES.map((c) => [c, c === chosen.trueClass ? 9 : c === target ? 11 : 10]);
  expect(dataset.classes.map((c) => [c.name, c.trainCount])).toEqual(expected);

  await page.getByRole('link', { name: 'Start a run on the cleaned dataset' }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${teamId}/runs/new\\?dataset=${datasetId}$`));
  await page.goto(`/teams/${teamId}/datasets/${datasetId}`);
  await expect(page.getByText('revision 1 (images moved or deleted)')).toBeVisible();
});

function parseCell(label: string): { trueClass: string; predictedClass: string; count: number } {
  const [, trueClass, predictedClass, count] = /^Show images of true (.+), predicted (.+) \((\d+)\)$/.exec(label)!;
  return { trueClass: trueClass!, predictedClass: predictedClass!, count: Number(count) };
}
