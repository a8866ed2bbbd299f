// apps/web/README.md's commands that a test can run cheaply, run as written from the repository's
// root (`pnpm codegen` in apps/web, as its section says): `start` (on the build `pnpm build`
// made), `dev`, and `pnpm codegen`, whose output must be the committed types. Servers get `--port` appended (pnpm passes it on to next, and a later port
// flag wins) so that they never take port 3000 from a running dashboard.
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';
import { freePort, shellEnv, startCommand, type StartedCommand } from './processes';

const run = promisify(execFile);
const README = readmeCommands('apps/web/README.md').map((c) => c.command);
// The README's API address: nothing of this test's listens there, so it is swapped for a closed port.
const README_API = 'http://127.0.0.1:4000';

let running: StartedCommand | undefined;
afterEach(async () => {
  await running?.stop(1_000);
  running = undefined;
});

async function serve(command: string, readyWithin: number): Promise<string> {
  expect(README).toContain(command);
  const [port, closedPort] = [await freePort(), await freePort()];
  const env = shellEnv({ NEXT_TELEMETRY_DISABLED: '1' });
  running = startCommand(`${command.replace(README_API, `http://127.0.0.1:${closedPort}`)} --port ${port}`, { cwd: REPO_ROOT, env });
  await running.waitFor('"Ready"', (out) => /Ready in/.test(out), readyWithin);
  return `http://127.0.0.1:${port}`;
}

describe("apps/web/README.md's commands", () => {
  it('TRANSFERLAB_API_URL=http://127.0.0.1:4000 pnpm --filter @transferlab/web start serves the built dashboard', async () => {
    const url = await serve('TRANSFERLAB_API_URL=http://127.0.0.1:4000 pnpm --filter @transferlab/web start', 60_000);
    const page = await fetch(`${url}/sign-in`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in');
    // The socket URL handed to pages comes from TRANSFERLAB_API_URL.
    const socket = await fetch(`${url}/session/socket`, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(socket.status).toBeLessThan(500);
  });

  it('pnpm --filter @transferlab/web dev starts the development server', async () => {
    const url = await serve('pnpm --filter @transferlab/web dev', 90_000);
    // A route handler compiles in a moment, where a page would take Turbopack much longer.
    const res = await fetch(`${url}/session/socket`, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBeLessThan(500);
  });

  it('pnpm codegen, run in apps/web, writes exactly the committed src/generated types', async () => {
    expect(README).toContain('pnpm codegen');
    const generatedDir = join(REPO_ROOT, 'apps/web/src/generated');
    const committed = await readGenerated(generatedDir);
    const result = await run('bash', ['-c', 'pnpm codegen'], { cwd: join(REPO_ROOT, 'apps/web'), env: shellEnv() }).catch((error: Error) => error);
    const written = await readGenerated(generatedDir);
    // A failing check must not leave the checkout changed.
    for (const [name, content] of Object.entries(committed)) if (written[name] !== content) await writeFile(join(generatedDir, name), content);
    expect(result).not.toBeInstanceOf(Error);
    expect(written).toEqual(committed);
  });
});

async function readGenerated(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}
