import { createTeam, gql, signUp } from '../fixtures/api';
import { expect, test } from '../fixtures/test';

test('an owner adds a member, changes their role, and creates and revokes an API token', async ({ page, user }) => {
  const teamId = await createTeam(user.token, 'Admin lab');
  const colleague = await signUp('colleague');

  await page.goto(`/teams/${teamId}/members`);
  await page.getByLabel('Email').fill(colleague.email);
  await page.getByLabel('Role', { exact: true }).selectOption('MEMBER');
  await page.getByRole('button', { name: 'Add member' }).click();
  const role = page.getByRole('combobox', { name: `Role of ${colleague.email}` });
  await expect(role).toHaveValue('MEMBER');
  await role.selectOption('ADMIN');
  await expect(role).toHaveValue('ADMIN');
  await page.reload();
  await expect(page.getByRole('combobox', { name: `Role of ${colleague.email}` })).toHaveValue('ADMIN');

  await page.goto(`/teams/${teamId}/tokens`);
  await page.getByLabel('Token name').fill('nightly-eval');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-api-token').textContent())!.trim();
  expect(token.length).toBeGreaterThan(20);
  await expect(page.getByLabel('Query the team with curl', { exact: true })).toContainText(token);
  await expect(page.getByLabel('Watch a run live (graphql-ws)', { exact: true })).toContainText('runEvents');
  await expect(page.getByLabel('Predict with a model', { exact: true })).toContainText('predict(');

  // The token works for a tool, until it is revoked.
  const { team } = await gql<{ team: { name: string } }>('query ($id: ID!) { team(id: $id) { name } }', { id: teamId }, token);
  expect(team.name).toBe('Admin lab');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Revoke token nightly-eval' }).click();
  await expect(page.getByRole('row', { name: /nightly-eval/ })).toContainText('revoked');
  const refused = await gql('query ($id: ID!) { team(id: $id) { name } }', { id: teamId }, token).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(Error);
});
