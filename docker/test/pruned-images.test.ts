// What each image would contain, built here without Docker: `turbo prune <app> --docker`, the
// Dockerfile's own `pnpm install` from the pruned package.json files and lockfile (offline, from
// the store the workspace's install filled; install scripts skipped, as libtensorflow's download
// needs the internet), then the pruned sources on top, as the images lay out /app, and
// onnxruntime-node cut down to this platform's binaries as the images do it. The API and a trainer
// then start from that layout with the images' own commands, environment and health checks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandWords, expand, runSteps, splitShellWords } from './lib/dockerfile';
import { loadImages, nodeScript, resolveImagePath, type Image } from './lib/images';
import { dockerDir, repoPath, repoRoot, workspacePackage } from './lib/repo';

const work = join(dockerDir, '.test-results', 'pruned');
const images = loadImages();
const children: ChildProcess[] = [];

function pnpm(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && /\.c?js$/.test(execPath)) return { command: process.execPath, prefix: [execPath] };
  return { command: 'pnpm', prefix: [] };
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${result.error?.message ?? ''}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** The Dockerfile's install command for what the final image runs: the --prod one where there are two. */
function installArgs(image: Image): string[] {
  const installs = runSteps(image.df)
    .flatMap((r) => r.script.split(/&&|;/).map((c) => splitShellWords(c.trim())))
    .filter((w) => w[0] === 'pnpm' && w[1] === 'install');
  const chosen = installs.find((w) => w.includes('--prod')) ?? installs[0];
  if (!chosen) throw new Error(`${image.df.relPath} runs no pnpm install`);
  const args: string[] = [];
  for (let i = 1; i < chosen.length; i += 1) {
    if (chosen[i] === '--store-dir') i += 1; // the image's cache mount; here, the workspace's own store
    else args.push(chosen[i]!);
  }
  return [...new Set([...args, '--offline', '--ignore-scripts'])];
}

/** /app of the image, laid out here: pruned package.json files, the install, then the pruned sources. */
const layouts = new Map<string, string>();
function layout(image: Image): string {
  const key = `${image.target} ${installArgs(image).join(' ')}`;
  const existing = layouts.get(key);
  if (existing) return existing;
  const out = join(work, `${image.df.id}-prune`);
  const app = join(work, image.df.id);
  run(repoPath('node_modules', '.bin', 'turbo'), ['prune', image.target, '--docker', '--out-dir', out], repoRoot);
  cpSync(join(out, 'json'), app, { recursive: true });
  const { command, prefix } = pnpm();
  run(command, [...prefix, ...installArgs(image)], app);
  cpSync(join(out, 'full'), app, { recursive: true });
  layouts.set(key, app);
  return app;
}

/** A path inside the image, in the layout (only /app is laid out). */
function inLayout(image: Image, path: string): string {
  if (!path.startsWith('/app/') && path !== '/app') throw new Error(`${path} is outside /app`);
  return join(layout(image), path.slice('/app'.length));
}

/** A `node <script> ...` command of the image, runnable here: the script from the layout, or from the repository when the image copies it from the build context. */
function localCommand(image: Image, words: string[], workdir: string): string[] {
  const script = nodeScript(words, workdir);
  if (!script) throw new Error(`not a node command: ${words.join(' ')}`);
  const at = words.findIndex((w, i) => i > 0 && !w.startsWith('-'));
  const origin = resolveImagePath(image, image.df.final, script);
  const local = origin.kind === 'context' ? repoPath(origin.path) : inLayout(image, script);
  return [process.execPath, ...words.slice(1, at), local, ...words.slice(at + 1)];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function start(argv: string[], cwd: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const [command, ...args] = argv;
  const child = spawn(command!, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Runs the image's HEALTHCHECK command until it passes, or gives up. */
async function healthy(image: Image, env: Map<string, string>, timeoutMs: number): Promise<{ ok: boolean; last: string }> {
  const words = commandWords(image.healthcheck!.command, env);
  const [command, ...args] = localCommand(image, words, image.workdir);
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const result = spawnSync(command!, args, { encoding: 'utf8', timeout: 10_000 });
    last = `${result.stdout}${result.stderr}`;
    if (result.status === 0) return { ok: true, last };
    if (Date.now() > deadline) return { ok: false, last };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe.each(images.map((i) => [i.df.id, i] as const))('docker/%s.Dockerfile, pruned and installed as it does', (_id, image) => {
  it("installs from the pruned lockfile, and has the file its CMD runs", () => {
    const script = nodeScript(image.cmd, image.workdir);
    expect(script).toBeDefined();
    const file = inLayout(image, script!);
    expect(existsSync(file), `${script} is not in the pruned, installed workspace`).toBe(true);
    expect(existsSync(join(layout(image), 'node_modules', '.pnpm')), 'pnpm installed into /app').toBe(true);
  });

  it("runs its build-time onnxruntime-node prune on that install, and onnxruntime-node still loads", () => {
    const prune = runSteps(image.df)
      .flatMap((r) => r.script.split(/&&|;/).map((c) => ({ words: splitShellWords(c.trim()), workdir: r.workdir })))
      .find(({ words, workdir }) => nodeScript(words, workdir)?.endsWith('/prune-onnxruntime.mjs'));
    if (!prune) return; // an image without onnxruntime-node (dockerfiles.test.ts checks which need it)
    const [command, script, root] = localCommand(image, prune.words, prune.workdir);
    const appRoot = posix.resolve(prune.workdir, root!);
    const here = `${process.platform}/${process.arch}`;
    expect(run(command!, [script!, inLayout(image, appRoot)], repoRoot)).toMatch(new RegExp(`^prune-onnxruntime: kept ${here}; removed `));
    const store = join(inLayout(image, appRoot), 'node_modules', '.pnpm');
    for (const name of readdirSync(store).filter((n) => n.startsWith('onnxruntime-node@'))) {
      const napi = join(store, name, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
      expect(readdirSync(napi).flatMap((platform) => readdirSync(join(napi, platform)).map((arch) => `${platform}/${arch}`)), name).toEqual([here]);
    }
    const load = "process.stdout.write(String(require('onnxruntime-node').listSupportedBackends().length))";
    const mlCore = inLayout(image, posix.join(appRoot, workspacePackage('@transferlab/ml-core').dir));
    expect(Number(run(process.execPath, ['-e', load], mlCore)), 'onnxruntime-node lists its backends').toBeGreaterThan(0);
  });
});

describe('the API and a trainer, started from their pruned workspaces', () => {
  const api = images.find((i) => i.df.id === 'api')!;
  const trainers = images.filter((i) => i.target === '@transferlab/trainer');
  const scratch = join(work, 'run');
  let apiUrl = '';
  let apiEnv = new Map<string, string>();

  it("start the API with the image's CMD, and its HEALTHCHECK passes", async () => {
    mkdirSync(scratch, { recursive: true });
    const port = await freePort();
    // The image's environment, with the data directory here and listening on loopback only.
    apiEnv = new Map([...api.env, ['PORT', String(port)], ['HOST', '127.0.0.1'], ['TRANSFERLAB_DATA_DIR', join(scratch, 'api-data')], ['TRANSFERLAB_LOG_LEVEL', 'warn']]);
    const cwd = inLayout(api, api.workdir);
    // On the embedded database the API hands a trainer its token in a file (compose uses .env instead).
    const argv = [...localCommand(api, api.cmd, api.workdir), '--worker-token-file', join(scratch, 'worker-token')];
    const server = start(argv, cwd, Object.fromEntries(apiEnv));
    const check = await healthy(api, apiEnv, 120_000);
    expect(check.ok, `${check.last}\n${server.output()}`).toBe(true);
    apiUrl = `http://127.0.0.1:${port}`;
    const health = (await (await fetch(`${apiUrl}/healthz`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
  });

  it("start a trainer with the image's CMD against it: it authenticates, keeps polling, and its HEALTHCHECK passes", async () => {
    expect(apiUrl, 'the API did not start').not.toBe('');
    const trainer = trainers[0]!;
    // The images name a native backend; its libtensorflow is not downloaded here, so use WebAssembly.
    const env = new Map([
      ...trainer.env,
      ['TRANSFERLAB_BACKEND', 'wasm'],
      ['TRANSFERLAB_DATA_DIR', join(scratch, 'trainer-data')],
      ['TRANSFERLAB_API_URL', apiUrl],
      ['TRANSFERLAB_WORKER_TOKEN_FILE', join(scratch, 'worker-token')],
    ]);
    const worker = start(localCommand(trainer, trainer.cmd, trainer.workdir), inLayout(trainer, trainer.workdir), Object.fromEntries(env));
    const deadline = Date.now() + 120_000;
    while (!/worker on /.test(worker.output()) && worker.child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(worker.output()).toMatch(/worker on TensorFlow\.js backend 'wasm'/);
    // A rejected token ends the worker within a poll or two; this one keeps claiming.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(worker.child.exitCode, worker.output()).toBeNull();
    for (const image of trainers) {
      const check = await healthy(image, env, 10_000);
      expect(check.ok, `${image.df.relPath}: ${check.last}`).toBe(true);
    }
    worker.child.kill('SIGTERM');
    await new Promise((resolve) => worker.child.once('exit', resolve));
    expect(worker.output()).toMatch(/stopping after the current run/);
  });
});

it('the scripts the Dockerfiles run at build time are plain Node (no TypeScript, no dependencies)', () => {
  for (const image of images) {
    for (const step of runSteps(image.df)) {
      for (const match of expand(step.script, step.vars).matchAll(/\/opt\/transferlab\/([\w.-]+)/g)) {
        const source = readFileSync(join(dockerDir, 'scripts', match[1]!), 'utf8');
        expect(source).not.toMatch(/from '(?!node:)[^']+'/);
      }
    }
  }
});
