import { createDataset, createTeam } from '../fixtures/api';
import { CORRUPT_IMAGE, generateImages } from '../fixtures/images';
import { expect, test } from '../fixtures/test';
import { makeZip } from '../fixtures/zip';

test('a zip in the Keras layout imports into train and val, and the class pages through its thumbnails', async ({ page, user }) => {
  const teamId = await createTeam(user.token, 'Import lab');
  const datasetId = await createDataset(user.token, teamId, 'zipped');
  const files = [
    ...(await generateImages('circle', 30)).map((f) => ({ path: `train/circle/${f.name}`, bytes: f.bytes })),
    ...(await generateImages('square', 8)).map((f) => ({ path: `train/square/${f.name}`, bytes: f.bytes })),
    ...(await generateImages('circle', 4)).map((f) => ({ path: `val/circle/${f.name}`, bytes: f.bytes })),
    ...(await generateImages('square', 4)).map((f) => ({ path: `val/square/${f.name}`, bytes: f.bytes })),
    { path: `train/square/${CORRUPT_IMAGE.name}`, bytes: CORRUPT_IMAGE.bytes },
  ];

  await page.goto(`/teams/${teamId}/datasets/${datasetId}`);
  await expect(page.getByText('No images yet', { exact: true })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Dataset warnings' })).toContainText('no images yet');
  await page.getByLabel('Zip file').setInputFiles({ name: 'zipped.zip', mimeType: 'application/zip', buffer: makeZip(files) });
  const result = page.getByRole('status').filter({ hasText: 'Imported' });
  await expect(result).toContainText('Imported 46 images; 1 rejected');
  await expect(result).toContainText('corrupt.png');
  await expect(page.getByText('46 images in 2 classes · 38 train, 8 val')).toBeVisible();
  const counts = page.getByRole('img', { name: 'Images per class and split' });
  await expect(counts).toContainText('30 / 4');
  await expect(counts).toContainText('8 / 4');

  // 34 circles: two pages of thumbnails.
  const grid = page.getByRole('list', { name: 'Images of circle' });
  await expect(grid.getByRole('listitem')).toHaveCount(24);
  await expect(page.getByText('1–24 of 34')).toBeVisible();
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page.getByText('25–34 of 34')).toBeVisible();
  await expect(grid.getByRole('listitem')).toHaveCount(10);
  await page.getByRole('navigation', { name: 'Filter by split' }).getByRole('link', { name: 'val' }).click();
  await expect(page.getByText('1–4 of 4')).toBeVisible();
  await page.getByRole('navigation', { name: 'Browse by class' }).getByRole('link', { name: 'square' }).click();
  await expect(page.getByRole('list', { name: 'Images of square' }).getByRole('listitem')).toHaveCount(4);
  // Thumbnails load through the dashboard with the session, as real images.
  const thumbnail = page.getByRole('list', { name: 'Images of square' }).getByRole('img').first();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
});
