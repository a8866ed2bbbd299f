// README's `pnpm -s bench:api`, run as written from the repository's root, with flags appended
// that shrink it to a few subscribers and epochs on PGlite (a later flag wins): the numbers mean
// nothing here, the test shows that the command runs and prints what README says.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';

const SMALLEST = '--db pglite --subscribers 3 --users 1 --warmup-epochs 1 --epochs 2 --interval-ms 10 --settle-seconds 10 --metric-rows 5 --concurrency 1 --warmup-seconds 0 --seconds 0.2 --rest-seconds 1 --thread-idle-seconds 0.3';

it('pnpm -s bench:api prints JSON lines, the last one a summary with every delivery made, a warmed first prediction (after an alias moved and after a run finished), and the memory of a real server', async () => {
  expect(readmeCommands('README.md').map((c) => c.command)).toContain('pnpm -s bench:api');
  const { stdout } = await promisify(execFile)('bash', ['-c', `pnpm -s bench:api ${SMALLEST}`], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, maxBuffer: 64 << 20, timeout: 280_000 });
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const summary = lines.at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', ok: true, failures: [] });
  expect(summary.results).toMatchObject({ pglite: { subscribers: { expected: 9, received: 9, missing: 0, deliveryMs: { count: 6 }, warmupDeliveryMs: { count: 3 } }, metricsQuery: { errors: 0, interpreted: { errors: 0 } }, firstPrediction: { firstCallLoaded: false, afterFinishLoads: 1 }, predictionAfterTraining: { predictWhileTraining: { threadsAtFinish: 1 }, withoutIt: { threadsAtFinish: 0 } }, serverMemory: { predictionThreadEnded: true } } });
  const memory = (summary.results as { pglite: { serverMemory: Record<string, number> } }).pglite.serverMemory;
  // The prediction thread's TensorFlow.js and model are not there at rest, and are while it runs.
  expect(memory.afterPredictionsThreads).toBeGreaterThan(memory.idleThreads!);
  expect(memory.peakRssMb).toBeGreaterThanOrEqual(memory.afterPredictionsRssMb!);
}, 300_000);
