// Totals every vitest JSON report under apps/ and packages/ into the one closing line CI reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function hasTestScript(dir) {
  const manifest = join(dir, 'package.json');
  return existsSync(manifest) && Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test);
}

// CI keeps only the tail of its log, so the closing lines name each failure and its first line.
function failuresIn(report, dir) {
  const lines = [];
  for (const file of report.testResults ?? []) {
    const where = file.name.replace(/^.*?\/(apps|packages|docker)\//, '$1/');
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
      lines.push(`  FAILED ${where}: ${firstLine(file.message)}`);
    }
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      lines.push(`  FAILED ${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
  return lines.length > 0 ? lines : [`  (${dir} reported failures without naming them)`];
}

function firstLine(text) {
  return (text ?? 'no message').split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? 'no message';
}

let passed = 0;
let failed = 0;
let skipped = 0;
const suites = [];
for (const group of ['apps', 'packages', '.']) {
  if (!existsSync(group)) continue;
  // '.' covers top-level workspace packages such as docker/.
  for (const name of group === '.' ? ['docker'] : readdirSync(group)) {
    const dir = join(group, name);
    const file = join(dir, '.test-results', 'vitest.json');
    if (!existsSync(file)) {
      // A suite that never reported (it could not start) is a failure, not a suite with nothing in it.
      if (hasTestScript(dir)) {
        failed += 1;
        suites.push(`${dir}: no test report (the suite did not run)`);
      }
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    // A file that fails to load has no failed tests, only a failed suite: count those too, but
    // not the suites that merely contain failed tests (vitest counts each describe block).
    failed += report.numFailedTests || (report.numFailedTestSuites ?? 0);
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    suites.push(`${dir}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
    if (!report.success) suites.push(...failuresIn(report, dir));
  }
}
const checksFailed = process.argv.includes('--checks-failed=1');
if (checksFailed) failed += 1;
else passed += 1;
suites.push(`typecheck + lint: ${checksFailed ? 'failed' : 'passed'}`);
for (const s of suites) console.log(s);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
