import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';

/**
 * Writes the run's totals in the shape of vitest's JSON report (numPassedTests, numFailedTests,
 * numPendingTests, testResults), which scripts/test-summary.mjs adds up across the workspace.
 */
export default class VitestJsonReporter implements Reporter {
  private root: Suite | undefined;
  private outputFile: string;
  private readonly startTime = Date.now();
  private rootDir = process.cwd();

  constructor(options: { outputFile?: string } = {}) {
    this.outputFile = options.outputFile ?? '.test-results/vitest.json';
  }

  onBegin(config: FullConfig, suite: Suite) {
    this.root = suite;
    this.rootDir = config.rootDir;
    // Relative to the config file, like Playwright's own paths.
    this.outputFile = resolve(config.configFile ? dirname(config.configFile) : process.cwd(), this.outputFile);
  }

  onEnd(result: FullResult) {
    const tests = this.root?.allTests() ?? [];
    const status = (t: TestCase) => {
      const outcome = t.outcome();
      return outcome === 'expected' || outcome === 'flaky' ? 'passed' : outcome === 'skipped' ? 'pending' : 'failed';
    };
    const counts = { passed: 0, failed: 0, pending: 0 };
    for (const t of tests) counts[status(t)] += 1;
    // A failed global setup or an interrupted run leaves tests unrun: count the suite as failed.
    const suiteFailed = result.status !== 'passed' && counts.failed === 0 ? 1 : 0;
    const byFile = new Map<string, TestCase[]>();
    for (const t of tests) byFile.set(t.location.file, [...(byFile.get(t.location.file) ?? []), t]);
    const report = {
      numTotalTests: tests.length,
      numPassedTests: counts.passed,
      numFailedTests: counts.failed,
      numPendingTests: counts.pending,
      numTodoTests: 0,
      numFailedTestSuites: suiteFailed,
      startTime: this.startTime,
      success: result.status === 'passed' && counts.failed === 0,
      runner: 'playwright',
      durationMs: Date.now() - this.startTime,
      testResults: [...byFile].map(([file, cases]) => ({
        name: relative(this.rootDir, file),
        status: cases.some((c) => status(c) === 'failed') ? 'failed' : 'passed',
        assertionResults: cases.map((c) => ({
          title: c.title,
          fullName: c.titlePath().filter(Boolean).join(' > '),
          status: status(c),
          duration: c.results.reduce((sum, r) => sum + r.duration, 0),
          failureMessages: c.results.flatMap((r) => r.errors.map((e) => e.message ?? String(e.value ?? ''))),
        })),
      })),
    };
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, `${JSON.stringify(report, null, 2)}\n`);
  }

  printsToStdio() {
    return false;
  }
}
