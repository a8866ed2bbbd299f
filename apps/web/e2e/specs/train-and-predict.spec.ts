import { createTeam } from '../fixtures/api';
import { dropFiles } from '../fixtures/drop-files';
import { CLASSES, CORRUPT_IMAGE, generateImages } from '../fixtures/images';
import { expect, test } from '../fixtures/test';

const EPOCHS = 5;

test('upload images, train a feature-extraction run watched live, then try the model', async ({ page, user }) => {
  const teamId = await createTeam(user.token, 'Shapes lab');

  // A dataset, filled by drag and drop (with one corrupt file) and by the file chooser.
  await page.goto(`/teams/${teamId}/datasets`);
  await page.getByLabel('Dataset name').fill('shapes');
  await page.getByRole('button', { name: 'Create dataset' }).click();
  await expect(page.getByRole('heading', { name: 'shapes', level: 1 })).toBeVisible();
  let total = 0;
  for (const [i, className] of CLASSES.entries()) {
    const files = await generateImages(className, 10);
    await page.getByLabel('Class', { exact: true }).fill(className);
    if (i === 0) await dropFiles(page, page.getByTestId('image-dropzone'), [...files, CORRUPT_IMAGE]);
    else await page.getByLabel('Images to upload').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'image/png', buffer: f.bytes })));
    total += i === 0 ? 11 : 10;
    await expect(page.getByText(`Upload finished. ${total - 1} accepted, 1 rejected of ${total}.`)).toBeVisible();
  }
  const rejected = page.getByRole('region', { name: 'Rejected files' });
  await expect(rejected).toContainText('corrupt.png');
  await expect(rejected).toContainText('not an image');
  await expect(page.getByRole('img', { name: 'Images per class and split' })).toContainText('stripes');
  await expect(page.getByRole('heading', { level: 1, name: 'shapes' })).toBeVisible();
  await expect(page.getByText('30 images in 3 classes')).toBeVisible();
  await expect(page.getByRole('img', { name: 'circle-1.png' })).toBeVisible();

  // A run with client-side validation first.
  await page.getByRole('link', { name: 'Train on this dataset' }).click();
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  await page.getByRole('radio', { name: 'Feature extraction', exact: true }).check();
  await page.getByLabel('Weights', { exact: true }).selectOption('none');
  await page.getByLabel('Image size (px)').fill('16');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByText('Image size must be at least 32')).toBeVisible();
  await page.getByLabel('Image size (px)').fill('32');
  await page.getByLabel('Feature-extraction epochs').fill(String(EPOCHS));
  await page.getByLabel('Batch size').fill('8');
  await page.getByLabel('Seed (optional)').fill('7');
  await page.getByLabel('Run name (optional)').fill('shapes-fe-32');
  await page.getByRole('button', { name: 'Start run' }).click();

  // The run page: the curve gains points as epochs are reported, without a reload.
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]+$/);
  await page.evaluate(() => {
    const w = window as unknown as { notReloaded: boolean; seenPoints: number[] };
    w.notReloaded = true;
    w.seenPoints = [];
    setInterval(() => {
      const points = Number(document.querySelector('[data-testid="accuracy-chart"]')?.getAttribute('data-points') ?? -1);
      if (w.seenPoints.at(-1) !== points) w.seenPoints.push(points);
    }, 25);
  });
  const status = page.getByTestId('run-status').first();
  await expect(status).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 100_000 });
  await expect(page.getByTestId('accuracy-chart')).toHaveAttribute('data-points', String(EPOCHS));
  await expect(page.getByTestId('epoch-count')).toHaveText(String(EPOCHS));
  const { notReloaded, seenPoints } = await page.evaluate(() => {
    const w = window as unknown as { notReloaded?: boolean; seenPoints?: number[] };
    return { notReloaded: w.notReloaded, seenPoints: w.seenPoints ?? [] };
  });
  console.log(`chart points seen on the run page: ${seenPoints.join(' → ')}`);
  expect(notReloaded).toBe(true);
  // Seen with fewer points first, then with every epoch: the chart grew live.
  expect(seenPoints.some((n) => n >= 0 && n < EPOCHS)).toBe(true);
  expect(seenPoints.at(-1)).toBe(EPOCHS);
  await expect(page.getByTestId('progress-text')).toHaveText('Finished');
  // Which engine computed the run: the worker's backend and where its frozen layers ran.
  await expect(page.getByTestId('trainer-label')).toHaveText(/^Trainer \(\S+, frozen layers on (onnxruntime|tensorflow\.js)\)$/);

  // The model: confusion matrix, then a prediction for a fresh image.
  await page.getByRole('link', { name: /Open model/ }).click();
  await expect(page).toHaveURL(/\/models\/[0-9a-f-]+$/);
  const matrix = page.getByRole('table', { name: 'Confusion matrix' });
  await expect(matrix).toBeVisible();
  for (const className of CLASSES) await expect(matrix.getByRole('rowheader', { name: className })).toBeVisible();
  const [probe] = await generateImages('circle', 1);
  await page.getByLabel('Image to classify').setInputFiles({ name: 'probe.png', mimeType: 'image/png', buffer: probe!.bytes });
  const predictions = page.getByRole('list', { name: 'Predictions' });
  // The API loads the model on first use; on a busy machine that takes a while.
  await expect(predictions.getByRole('listitem')).toHaveCount(CLASSES.length, { timeout: 60_000 });
  await expect(predictions).toContainText('%');

  await page.getByRole('textbox', { name: 'Alias' }).fill('production');
  await page.getByRole('button', { name: 'Set alias' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('production');
});
