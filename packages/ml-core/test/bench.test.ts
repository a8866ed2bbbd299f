// README's `pnpm -s bench:ml`, run as written from the repository's root in its quick mode, with
// flags appended that shrink it to one small model, size and backend (a later flag wins): the
// numbers mean nothing here, the test shows that the command runs and prints what README says.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';

const SMALLEST = '--quick --backends cpu --models mobilenet_v2@0.35 --sizes 32 --min-seconds 0 --epoch-sizes 32 --epochs 1 --images-per-class 5 --budget-seconds 5 --max-batch-seconds 120';

it('pnpm -s bench:ml prints JSON lines, the last one a summary', async () => {
  expect(readmeCommands('README.md').map((c) => c.command)).toContain('pnpm -s bench:ml');
  const { stdout } = await promisify(execFile)('bash', ['-c', `pnpm -s bench:ml ${SMALLEST}`], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, maxBuffer: 64 << 20, timeout: 400_000 });
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const summary = lines.at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', ok: true, mode: 'quick', failures: [] });
  expect(summary.throughput).toMatchObject({ imagesPerSecond: { cpu: { 'MOBILENET_V2@0.35': { '32': expect.any(Number) } } } });
  expect(summary.epochs).toHaveLength(1);
}, 420_000);
