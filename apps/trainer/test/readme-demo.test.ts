// README's `npm run demo`, run as written in the checkout with its own TRANSFERLAB_DATA_DIR. npm
// passes what follows `--` on to `transferlab demo`, so `--epochs 1` overrides its 12 epochs.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';
import { createSandbox, expectSuccess, formatRun, runCommandLine, type CliSandbox } from './run-cli';

let sandbox: CliSandbox;
beforeAll(async () => {
  sandbox = await createSandbox('demo');
});
afterAll(() => sandbox?.cleanup());

it('npm run demo writes the demo dataset and a trained model under the data folder, offline', async () => {
  expect(readmeCommands('README.md').map((c) => c.command)).toContain('npm run demo');
  const result = await runCommandLine('npm run demo -- --epochs 1', {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TRANSFERLAB_DATA_DIR: sandbox.dataDir },
    // It installs first (a no-op when up to date, but pnpm still checks every package).
    timeoutMs: 280_000,
  });
  expectSuccess(result);
  const demo = join(sandbox.dataDir, 'demo');
  expect((await readdir(join(demo, 'dataset'))).sort()).toEqual(['circles', 'squares', 'stripes']);
  expect((await readdir(join(demo, 'model'))).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
  // No weights in the cache: README promises random weights rather than a download.
  expect(result.stderr, formatRun(result)).toContain('the demo uses random VGG16 weights');
  expect(result.stdout).toContain(`Try it: transferlab predict ${join(demo, 'model')} `);
}, 300_000);
