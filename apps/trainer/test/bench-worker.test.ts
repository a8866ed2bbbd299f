// README's `pnpm -s bench:worker`, run as written from the repository's root, with flags appended
// that shrink it to one small run (a later flag wins): the numbers mean nothing here, the test
// shows that the command runs and prints the JSON summary README describes.
import { expect, it } from 'vitest';
import { readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';
import { expectSuccess, formatRun, jsonLines, runCommandLine } from './run-cli';

it('pnpm -s bench:worker times one small run end to end and prints a summary last', async () => {
  expect(readmeCommands('README.md').map((c) => c.command)).toContain('pnpm -s bench:worker');
  const result = await runCommandLine('pnpm -s bench:worker --scenarios FEATURE_EXTRACTION --images-per-class 5 --timeout-seconds 300', { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeoutMs: 400_000 });
  expectSuccess(result);
  const summary = jsonLines(result).at(-1)!;
  expect(summary, formatRun(result)).toMatchObject({ type: 'summary', ok: true, failures: [] });
  expect(summary.results).toMatchObject({ FEATURE_EXTRACTION: { startRunToSucceededSeenMs: expect.any(Number), trainingAloneMs: expect.any(Number) } });
}, 420_000);
