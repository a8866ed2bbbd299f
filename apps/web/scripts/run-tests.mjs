// The dashboard's `test`: unit tests (vitest), then the browser tests against the real stack
// (Playwright), then one vitest-shaped report of both in .test-results/vitest.json, which the
// workspace's scripts/test-summary.mjs adds to the other suites' totals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const OUT = '.test-results';
const UNIT = `${OUT}/unit.json`;
const E2E = `${OUT}/e2e.json`;
mkdirSync(OUT, { recursive: true });
for (const file of [UNIT, E2E, `${OUT}/vitest.json`]) rmSync(file, { force: true });

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;
const started = Date.now();
const unit = run('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT}`]);
const e2e = run('playwright', ['test', '-c', 'e2e/playwright.config.ts']);

// A runner that died before reporting counts as one failed suite, never as nothing run.
const read = (file, name) =>
  existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numFailedTestSuites: 1, testResults: [{ name, status: 'failed', assertionResults: [] }] };
const reports = [read(UNIT, 'unit tests (vitest)'), read(E2E, 'browser tests (playwright)')];
const sum = (key) => reports.reduce((total, r) => total + (r[key] ?? 0), 0);
const merged = {
  numTotalTests: sum('numPassedTests') + sum('numFailedTests') + sum('numPendingTests'),
  numPassedTests: sum('numPassedTests'),
  numFailedTests: sum('numFailedTests'),
  numPendingTests: sum('numPendingTests'),
  numTodoTests: sum('numTodoTests'),
  // vitest counts a failed file here as well as its failed tests; only the runners' own failures are kept.
  numFailedTestSuites: reports.reduce((n, r) => n + (r.numFailedTests === 0 ? (r.numFailedTestSuites ?? 0) : 0), 0),
  success: unit === 0 && e2e === 0,
  startTime: started,
  testResults: reports.flatMap((r) => r.testResults ?? []),
};
writeFileSync(`${OUT}/vitest.json`, `${JSON.stringify(merged, null, 2)}\n`);
console.log(`web: ${merged.numPassedTests} passed, ${merged.numFailedTests} failed, ${merged.numPendingTests} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(unit || e2e);
