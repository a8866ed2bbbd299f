import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, waitForHttp, type StackProcess } from './processes';

const WEB_DIR = fileURLToPath(new URL('../../', import.meta.url));
const ROOT = join(WEB_DIR, '../../');
const LOG_DIR = join(WEB_DIR, 'e2e/.output/logs');
const NEXT_BIN = join(WEB_DIR, 'node_modules/next/dist/bin/next');

/**
 * Starts the real stack once for all tests: the API (fresh temporary data folder, embedded
 * PGlite), one trainer worker, and `next start` of the built dashboard. Tests read the URLs from
 * E2E_WEB_URL and E2E_API_URL. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'transferlab-web-e2e-'));
  const processes: StackProcess[] = [];
  const teardown = async () => {
    for (const p of processes.reverse()) await p.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    if (!existsSync(join(WEB_DIR, '.next/BUILD_ID'))) {
      // `pnpm test` runs after `build` through Turborepo; this covers running Playwright alone.
      execFileSync(process.execPath, [NEXT_BIN, 'build'], { cwd: WEB_DIR, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    }
    const [apiPort, webPort] = [await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    const tokenFile = join(dataDir, 'worker-token');

    const api = startProcess('api', [join(ROOT, 'apps/api/bin/transferlab-api.js'), 'serve', '--worker-token-file', tokenFile], {
      cwd: ROOT,
      env: { PORT: String(apiPort), TRANSFERLAB_DATA_DIR: join(dataDir, 'api'), TRANSFERLAB_LOG_LEVEL: 'warn', TRANSFERLAB_PREDICT_THREADS: '1' },
      logDir: LOG_DIR,
    });
    processes.push(api);
    const web = startProcess('web', [NEXT_BIN, 'start', '--port', String(webPort), '--hostname', '127.0.0.1'], {
      cwd: WEB_DIR,
      env: { TRANSFERLAB_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      logDir: LOG_DIR,
    });
    processes.push(web);
    // Generous: on a shared two-core machine under load the API alone takes over a minute to start.
    await waitForHttp(`${apiUrl}/healthz`, api, 240_000);

    const worker = startProcess('worker', [join(ROOT, 'apps/trainer/bin/transferlab.js'), 'worker', '--api', apiUrl, '--token-file', tokenFile, '--name', 'e2e-worker', '--poll-ms', '200'], {
      cwd: ROOT,
      env: { TRANSFERLAB_DATA_DIR: join(dataDir, 'worker') },
      logDir: LOG_DIR,
    });
    processes.push(worker);
    await waitForHttp(`${webUrl}/sign-in`, web, 240_000);
    if (!(await readFile(tokenFile, 'utf8')).trim()) throw new Error('The API wrote no worker token.');

    process.env.E2E_WEB_URL = webUrl;
    process.env.E2E_API_URL = apiUrl;
    process.stdout.write(`stack up in ${Date.now() - started} ms: web ${webUrl}, API ${apiUrl}, logs in ${LOG_DIR}\n`);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
