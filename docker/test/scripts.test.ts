// The scripts the images run: the health check, the build-time check of the native backends and
// the pruning of onnxruntime-node's binaries for other platforms.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerDir, repoPath } from './lib/repo';

const healthcheck = join(dockerDir, 'scripts', 'healthcheck.mjs');
const verifyNative = join(dockerDir, 'scripts', 'verify-native.mjs');
const pruneOnnxruntime = join(dockerDir, 'scripts', 'prune-onnxruntime.mjs');

function run(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runAsync(script: string, args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('healthcheck.mjs http', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') res.writeHead(200).end('{"ok":true}');
      else if (req.url === '/redirect') res.writeHead(307, { location: '/sign-in' }).end();
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 3000);
      else res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // The server runs in this process, so the checks run as child processes without blocking it.
  it('is healthy on 2xx and on a redirect it does not follow', async () => {
    expect((await runAsync(healthcheck, ['http', `${base}/ok`])).status).toBe(0);
    expect((await runAsync(healthcheck, ['http', `${base}/redirect`])).status).toBe(0);
  });

  it('is unhealthy on an error status, a timeout or a closed port, and says why', async () => {
    const failed = await runAsync(healthcheck, ['http', `${base}/down`]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/answered HTTP 503/);
    expect((await runAsync(healthcheck, ['http', `${base}/slow`, '--timeout-ms', '300'])).status).toBe(1);
    const closed = await runAsync(healthcheck, ['http', 'http://127.0.0.1:1/healthz']);
    expect(closed.status).toBe(1);
    expect(closed.stderr).toMatch(/failed/);
  });

  it('refuses a malformed call', () => {
    expect(run(healthcheck, []).status).toBe(1);
    expect(run(healthcheck, ['http', 'not-a-url']).stderr).toMatch(/usage/);
  });
});

describe('healthcheck.mjs process', () => {
  let child: ChildProcess;
  const marker = `transferlab-healthcheck-test-${process.pid}`;

  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', marker, 'worker'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
  });

  afterAll(() => {
    child.kill();
  });

  it('is healthy while a process runs with every needle in its command line', () => {
    const result = run(healthcheck, ['process', marker, 'worker']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`pid ${child.pid}`);
  });

  it('does not count itself, and is unhealthy once the process is gone', async () => {
    expect(run(healthcheck, ['process', `${marker}-nobody-runs-this`]).status).toBe(1);
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
    expect(run(healthcheck, ['process', marker, 'worker']).status).toBe(1);
  });
});

describe('verify-native.mjs', () => {
  /** A fake node_modules with a package laid out like @tensorflow/tfjs-node after its install script. */
  function fakeInstall(withLib: boolean, withBinding: boolean): string {
    const root = mkdtempSync(join(tmpdir(), 'transferlab-verify-'));
    const pkg = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
    mkdirSync(join(pkg, 'deps', 'lib'), { recursive: true });
    mkdirSync(join(pkg, 'lib', 'napi-v8'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'index.js'), 'module.exports = { add: (a, b) => ({ dataSync: () => [a + b] }), getBackend: () => "tensorflow" };');
    if (withLib) writeFileSync(join(pkg, 'deps', 'lib', 'libtensorflow.so.2.9.1'), '');
    if (withBinding) writeFileSync(join(pkg, 'lib', 'napi-v8', 'tfjs_binding.node'), '');
    writeFileSync(join(root, 'package.json'), '{}');
    return root;
  }

  it('accepts a package with its libtensorflow and binding, and loads it with --load', () => {
    const result = run(verifyNative, ['@tensorflow/tfjs-node', '--from', fakeInstall(true, true), '--load']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/computed 1 \+ 2 = 3/);
  });

  it('fails, saying what is missing, without libtensorflow or without the binding', () => {
    const noLib = run(verifyNative, ['@tensorflow/tfjs-node', '--from', fakeInstall(false, true)]);
    expect(noLib.status).toBe(1);
    expect(noLib.stderr).toMatch(/no libtensorflow/);
    const noBinding = run(verifyNative, ['@tensorflow/tfjs-node', '--from', fakeInstall(true, false)]);
    expect(noBinding.status).toBe(1);
    expect(noBinding.stderr).toMatch(/no Node binding/);
  });

  it('checks that the dynamic loader can find the libraries libtensorflow opens', () => {
    const from = fakeInstall(true, true);
    const libDir = mkdtempSync(join(tmpdir(), 'transferlab-libs-'));
    writeFileSync(join(libDir, 'libcudnn.so.8'), '');
    expect(run(verifyNative, ['@tensorflow/tfjs-node', '--from', from, '--require-lib', 'libcudnn.so.8', '--lib-dir', libDir]).status).toBe(0);
    const missing = run(verifyNative, ['@tensorflow/tfjs-node', '--from', from, '--require-lib', 'libcudart.so.11.0', '--lib-dir', libDir]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot find libcudart\.so\.11\.0/);
  });

  it('fails on a package that is not installed, and on a malformed call', () => {
    expect(run(verifyNative, ['@tensorflow/not-there', '--from', repoPath('packages', 'ml-core')]).stderr).toMatch(/is not installed/);
    expect(run(verifyNative, ['--load']).status).toBe(1);
  });
});

describe('prune-onnxruntime.mjs', () => {
  const here = `${process.platform}/${process.arch}`;
  // What onnxruntime-node 1.30 ships under bin/napi-v6, plus this machine's platform wherever it is.
  const shipped = [...new Set(['darwin/arm64', 'linux/arm64', 'linux/x64', 'win32/arm64', 'win32/x64', here])].sort();
  const others = shipped.filter((p) => p !== here);
  // Each platform folder holds 300,000 bytes: a 250,000-byte library and a 50,000-byte binding.
  const FOLDER_BYTES = 300_000;
  const roots: string[] = [];

  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  function tempRoot(): string {
    const root = mkdtempSync(join(tmpdir(), 'transferlab-prune-'));
    roots.push(root);
    return root;
  }

  /** An app root with onnxruntime-node installed the way pnpm lays it out, one copy per version. */
  function fakeInstall(platforms: string[], versions = ['1.30.0']): { root: string; pkg: (version: string) => string } {
    const root = tempRoot();
    const pkg = (version: string) => join(root, 'node_modules', '.pnpm', `onnxruntime-node@${version}`, 'node_modules', 'onnxruntime-node');
    for (const version of versions) {
      mkdirSync(join(pkg(version), 'dist'), { recursive: true });
      writeFileSync(join(pkg(version), 'package.json'), JSON.stringify({ name: 'onnxruntime-node', version, main: 'dist/index.js' }));
      writeFileSync(join(pkg(version), 'dist', 'binding.js'), 'module.exports = {};');
      for (const platform of platforms) {
        const dir = join(pkg(version), 'bin', 'napi-v6', ...platform.split('/'));
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'libonnxruntime.so.1'), Buffer.alloc(250_000, 1));
        writeFileSync(join(dir, 'onnxruntime_binding.node'), Buffer.alloc(50_000, 2));
      }
    }
    return { root, pkg };
  }

  /** The <platform>/<arch> folders left under a package's bin/napi-v6. */
  function platformsLeft(pkg: string): string[] {
    const napi = join(pkg, 'bin', 'napi-v6');
    return readdirSync(napi).flatMap((platform) => readdirSync(join(napi, platform)).map((arch) => `${platform}/${arch}`)).sort();
  }

  it(`deletes every platform's binaries but this one (${here}), and says what it removed and freed`, () => {
    const { root, pkg } = fakeInstall(shipped);
    const result = run(pruneOnnxruntime, [root]);
    expect(result.status, result.stderr).toBe(0);
    const mb = ((others.length * FOLDER_BYTES) / 1e6).toFixed(1);
    expect(result.stdout).toBe(`prune-onnxruntime: kept ${here}; removed ${others.join(', ')} from onnxruntime-node 1.30.0; freed ${mb} MB.\n`);
    expect(platformsLeft(pkg('1.30.0'))).toEqual([here]);
    // Other platforms' folders go entirely; this platform's binaries and the rest of the package stay as they were.
    for (const platform of new Set(others.map((p) => p.split('/')[0]!))) {
      if (platform !== process.platform) expect(existsSync(join(pkg('1.30.0'), 'bin', 'napi-v6', platform)), platform).toBe(false);
    }
    const kept = join(pkg('1.30.0'), 'bin', 'napi-v6', process.platform, process.arch);
    expect(readFileSync(join(kept, 'libonnxruntime.so.1')).length).toBe(250_000);
    expect(readFileSync(join(kept, 'onnxruntime_binding.node')).length).toBe(50_000);
    expect(existsSync(join(pkg('1.30.0'), 'package.json'))).toBe(true);
    expect(existsSync(join(pkg('1.30.0'), 'dist', 'binding.js'))).toBe(true);

    const again = run(pruneOnnxruntime, [root]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe(`prune-onnxruntime: kept ${here}; removed nothing from onnxruntime-node 1.30.0; freed 0.0 MB.\n`);
  });

  it('prunes every installed version of onnxruntime-node', () => {
    const { root, pkg } = fakeInstall(shipped, ['1.29.1', '1.30.0']);
    const result = run(pruneOnnxruntime, [root]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`freed ${((2 * others.length * FOLDER_BYTES) / 1e6).toFixed(1)} MB`);
    expect(platformsLeft(pkg('1.29.1'))).toEqual([here]);
    expect(platformsLeft(pkg('1.30.0'))).toEqual([here]);
  });

  it("refuses, removing nothing, when an installed copy lacks this platform's binary", () => {
    const { root, pkg } = fakeInstall(shipped, ['1.29.1', '1.30.0']);
    rmSync(join(pkg('1.30.0'), 'bin', 'napi-v6', process.platform, process.arch), { recursive: true });
    const result = run(pruneOnnxruntime, [root]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`onnxruntime-node 1\\.30\\.0 has no binary for this platform \\(.*${here}/onnxruntime_binding\\.node is missing`));
    expect(result.stderr).toMatch(/Nothing was removed/);
    expect(platformsLeft(pkg('1.29.1'))).toEqual(shipped);
    expect(platformsLeft(pkg('1.30.0'))).toEqual(others);
  });

  it('does nothing, and succeeds, where onnxruntime-node is not installed', () => {
    const { root } = fakeInstall([], []);
    mkdirSync(join(root, 'node_modules', '.pnpm', 'onnxruntime-common@1.30.0', 'node_modules', 'onnxruntime-common'), { recursive: true });
    const result = run(pruneOnnxruntime, [root]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`prune-onnxruntime: onnxruntime-node is not installed under ${root}; nothing to remove.\n`);
    expect(existsSync(join(root, 'node_modules', '.pnpm', 'onnxruntime-common@1.30.0', 'node_modules', 'onnxruntime-common'))).toBe(true);
    expect(run(pruneOnnxruntime, [tempRoot()]).stdout).toMatch(/is not installed/);
  });

  it('fails on a malformed call or an app root that does not exist', () => {
    expect(run(pruneOnnxruntime, []).stderr).toMatch(/usage/);
    const missing = run(pruneOnnxruntime, [join(tmpdir(), `transferlab-prune-missing-${process.pid}`)]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});
