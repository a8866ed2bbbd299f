// README's first command, `npm start`, run in this checkout as a reader runs it, but with its own
// data folder and free ports (scripts/start.sh reads TRANSFERLAB_DATA_DIR, PORT and WEB_PORT, as
// README says) so that it can run beside anything else. It must bring up the API, the trainer
// worker and the dashboard, and Ctrl-C must stop all of them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/readme-commands.mjs';
import { answers, freePort, shellEnv, startCommand, type StartedCommand } from './processes';

const CLAIM = 'mutation { claimRun(worker: { name: "probe" }) { run { id } } }';

describe('npm start', () => {
  let dataDir: string;
  let apiUrl: string;
  let webUrl: string;
  let started: StartedCommand;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'transferlab-npm-start-'));
    const [port, webPort] = [await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${port}`;
    webUrl = `http://127.0.0.1:${webPort}`;
    const env = shellEnv({ TRANSFERLAB_DATA_DIR: dataDir, PORT: String(port), WEB_PORT: String(webPort) });
    started = startCommand('npm start', { cwd: REPO_ROOT, env });
    // It installs and builds first: with both up to date (as after `pnpm build`), that takes seconds.
    await started.waitFor('"TransferLab is running"', (out) => out.includes('TransferLab is running'), 150_000);
  }, 180_000);

  afterAll(async () => {
    await started?.stop(1_000);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the API on PORT, on the embedded database in TRANSFERLAB_DATA_DIR', async () => {
    const health = await fetch(`${apiUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(started.output()).toContain(`data in ${dataDir}`);
    await expect(readFile(join(dataDir, 'db', 'PG_VERSION'), 'utf8')).resolves.toMatch(/^\d+/);
  });

  it("starts a trainer worker on the API with the token it wrote to the data folder", async () => {
    await started.waitFor('the worker', (out) => out.includes(`; API ${apiUrl}`), 60_000);
    const token = (await readFile(join(dataDir, 'worker-token'), 'utf8')).trim();
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: CLAIM }),
    });
    // The token is a worker's, and there is nothing queued yet for it to take.
    expect(await res.json()).toEqual({ data: { claimRun: null } });
  });

  it('serves the dashboard on WEB_PORT, talking to that API', async () => {
    await started.waitFor('the dashboard', (out) => out.includes('Ready in') || out.includes('✓ Ready'), 60_000);
    const page = await fetch(`${webUrl}/sign-in`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in');
  });

  it('stops everything it started on Ctrl-C', async () => {
    const ended = await started.stop();
    expect(ended.killed, started.output()).toBe(false);
    expect(await answers(`${apiUrl}/healthz`)).toBe(false);
    expect(await answers(webUrl)).toBe(false);
  });
});
