import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const API_BIN = join(ROOT, 'apps/api/bin/transferlab-api.js');
const CLI_BIN = join(ROOT, 'apps/trainer/bin/transferlab.js');

/** The real stack as separate processes: the API on embedded PGlite, and trainer workers. */
export interface Stack {
  dataDir: string;
  baseUrl: string;
  workerToken: string;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  ws(token: string): Client;
  startWorker(options?: { name?: string; once?: boolean; env?: Record<string, string>; args?: string[] }): Worker;
  restartApi(): Promise<void>;
  stopApi(): Promise<void>;
  close(): Promise<void>;
}

export interface Worker {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...extra };
}

export async function startStack(options: { leaseMs?: number } = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'transferlab-stack-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const tokenFile = join(dataDir, 'worker-token');
  let api: ChildProcess | null = null;
  let apiLog = '';
  const children: ChildProcess[] = [];

  const startApi = async () => {
    api = spawn(process.execPath, [API_BIN, 'serve', '--worker-token-file', tokenFile], {
      env: cleanEnv({ PORT: String(port), TRANSFERLAB_DATA_DIR: dataDir, TRANSFERLAB_LOG_LEVEL: 'warn', ...(options.leaseMs ? { TRANSFERLAB_LEASE_MS: String(options.leaseMs) } : {}) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (d) => (apiLog += d));
    api.stderr!.on('data', (d) => (apiLog += d));
    // Generous: on a shared, loaded machine compiling the API's source alone has taken 100 s.
    const deadline = Date.now() + 170_000;
    while (Date.now() < deadline) {
      if (api.exitCode !== null) throw new Error(`API exited: ${apiLog}`);
      const ok = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    // The caller gets no stack to close: stop the API here rather than leave it running.
    api.kill('SIGKILL');
    throw new Error(`API did not start: ${apiLog}`);
  };
  const stopApi = async () => {
    const p = api;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
  };
  await startApi();
  const workerToken = (await readFile(tokenFile, 'utf8')).trim();
  const clients: Client[] = [];

  return {
    dataDir,
    baseUrl,
    workerToken,
    async gql<T>(query: string, variables?: Record<string, unknown>, token?: string) {
      const res = await fetch(`${baseUrl}/graphql`, {
        signal: AbortSignal.timeout(30_000),
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown[] };
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data as T;
    },
    ws(token: string) {
      const client = createClient({ url: `${baseUrl.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 20, shouldRetry: () => true });
      clients.push(client);
      return client;
    },
    startWorker({ name = 'w', once = false, env = {}, args: extra = [] } = {}) {
      const args = [CLI_BIN, 'worker', '--api', baseUrl, '--token-file', tokenFile, '--name', name, '--poll-ms', '200', ...(once ? ['--once'] : []), ...extra];
      const child = spawn(process.execPath, args, { env: cleanEnv({ TRANSFERLAB_DATA_DIR: join(dataDir, `worker-${name}`), ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout!.on('data', (d) => (log += d));
      child.stderr!.on('data', (d) => (log += d));
      children.push(child);
      return {
        process: child,
        output: () => log,
        exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
        kill: (signal: NodeJS.Signals = 'SIGKILL') => child.kill(signal),
      };
    },
    async restartApi() {
      await stopApi();
      await startApi();
    },
    stopApi,
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await stopApi();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
