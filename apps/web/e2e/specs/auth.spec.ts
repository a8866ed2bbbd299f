import { PASSWORD, uniqueEmail } from '../fixtures/api';
import { expect, test } from '../fixtures/test';

test('a new user signs up, creates a team, signs out and signs back in', async ({ page }) => {
  const email = uniqueEmail('signup');
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole('link', { name: 'Create an account' }).click();

  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/teams\/new$/);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ada');

  await page.getByLabel('Team name').fill('Vision lab');
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page).toHaveURL(/\/teams\/[0-9a-f-]+\/datasets$/);
  const teamUrl = page.url();
  await expect(page.getByRole('combobox', { name: 'Team' }).locator('option:checked')).toHaveText('Vision lab');
  await expect(page.getByText('No datasets yet')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto(teamUrl);
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'email or password is wrong' })).toBeVisible();

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Back in the team used last.
  await expect(page).toHaveURL(teamUrl.replace(/datasets$/, 'runs'));
  await expect(page.getByRole('heading', { name: 'Runs', level: 1 })).toBeVisible();
});
