import { createDataset, createTeam, gql, GraphQLFailure, QUICK_RUN, signUp, startRun, uploadImages } from '../fixtures/api';
import { CLASSES, generateImages } from '../fixtures/images';
import { expect, test } from '../fixtures/test';

test('a viewer watches the runs list update live but cannot start runs, in the dashboard or through the API', async ({ page, signInAs }) => {
  const owner = await signUp('owner');
  const teamId = await createTeam(owner.token, 'Viewed lab');
  const datasetId = await createDataset(owner.token, teamId, 'shapes');
  for (const className of CLASSES.slice(0, 2)) await uploadImages(owner.token, datasetId, className, await generateImages(className, 5));
  const viewer = await signUp('viewer');
  await gql('mutation ($t: ID!, $e: String!) { addTeamMember(teamId: $t, email: $e, role: VIEWER) { role } }', { t: teamId, e: viewer.email }, owner.token);
  await signInAs(viewer.token);

  await page.goto(`/teams/${teamId}/runs`);
  await expect(page.getByRole('button', { name: 'New run' })).toBeDisabled();
  await expect(page.getByRole('link', { name: 'New run' })).toHaveCount(0);
  await expect(page.getByText('No runs yet')).toBeVisible();

  // A run the owner starts appears, and finishes, on the open page: no reload.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const runId = await startRun(owner.token, datasetId, { name: 'owner-run', epochs: 2 });
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  await expect(row).toContainText('owner-run');
  await expect(row.getByTestId('run-status')).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 90_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  await page.goto(`/teams/${teamId}/datasets/${datasetId}`);
  await expect(page.getByRole('heading', { name: 'shapes', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Images to upload')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Train on this dataset' })).toHaveCount(0);

  // Even the form opened by its URL will not submit.
  await page.goto(`/teams/${teamId}/runs/new`);
  await expect(page.getByRole('button', { name: 'Start run' })).toBeDisabled();
  await expect(page.getByText('Viewers cannot start runs')).toBeVisible();

  // And the API refuses on its own.
  const refused = await gql('mutation ($i: StartRunInput!) { startRun(input: $i) { id } }', { i: { datasetId, ...QUICK_RUN } }, viewer.token).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(GraphQLFailure);
  expect((refused as GraphQLFailure).code).toBe('FORBIDDEN');
});
