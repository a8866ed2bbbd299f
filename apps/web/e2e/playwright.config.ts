import { defineConfig } from '@playwright/test';

// The browser tests drive the real stack that global-setup starts: the API on a fresh embedded
// database, one trainer worker, and the built dashboard (`next start`), all on free ports.
export default defineConfig({
  testDir: './specs',
  outputDir: './.output/test-results',
  globalSetup: './stack/global-setup.ts',
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: the API, the worker and Next share them with the browsers.
  workers: 2,
  fullyParallel: true,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['./vitest-json-reporter.ts', { outputFile: '../.test-results/e2e.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
