import { createDataset, createTeam, signUp, startRun, uploadImages, waitForRun } from '../fixtures/api';
import { CLASSES, generateImages } from '../fixtures/images';
import { expect, test } from '../fixtures/test';

test("a user of another team cannot see a team's datasets, runs or models", async ({ page, signInAs }) => {
  // Team A, made over the API: a dataset, a finished run and its model.
  const owner = await signUp('owner-a');
  const teamA = await createTeam(owner.token, 'Team A');
  const datasetId = await createDataset(owner.token, teamA, 'secret-shapes');
  for (const className of CLASSES) await uploadImages(owner.token, datasetId, className, await generateImages(className, 6));
  const runId = await startRun(owner.token, datasetId, { name: 'secret-run', epochs: 2 });
  const run = await waitForRun(owner.token, runId);
  expect(run.status).toBe('SUCCEEDED');
  const modelId = run.model!.id;

  // Someone else, in a team of their own.
  const other = await signUp('other');
  const teamB = await createTeam(other.token, 'Team B');
  await signInAs(other.token);

  const forbidden = [
    `/teams/${teamA}/runs`,
    `/teams/${teamA}/datasets/${datasetId}`,
    `/teams/${teamA}/runs/${runId}`,
    `/teams/${teamA}/models/${modelId}`,
    // Their own team in the URL does not open another team's things either.
    `/teams/${teamB}/datasets/${datasetId}`,
    `/teams/${teamB}/runs/${runId}`,
    `/teams/${teamB}/models/${modelId}`,
  ];
  for (const url of forbidden) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText('secret');
  }
  // Nor through the dashboard's file routes.
  expect((await page.request.get(`/api/models/${modelId}/metadata.json`)).status()).toBe(404);

  // Their own team's pages show none of it.
  await page.goto(`/teams/${teamB}/runs`);
  await expect(page.getByText('No runs yet')).toBeVisible();
  await page.goto(`/teams/${teamB}/models`);
  await expect(page.getByText('No models yet')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Team' }).locator('option')).toHaveText(['Team B', '+ New team…']);
});
