// What a freshly started `transferlab-api serve` holds before any request: the heavy parts
// (TensorFlow.js, ONNX Runtime, the prediction threads) load when first needed, not at start.
// The real command in its own process, with test/idle-probe.mjs preloaded to report on SIGUSR2.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createTestDatabase, type TestDatabase } from '@transferlab/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/transferlab-api.js');
const PROBE = resolve(import.meta.dirname, 'idle-probe.mjs');

interface Probe {
  tfjs: boolean;
  onnxRuntime: boolean;
  threads: number;
  rssMb: number;
}

describe('an idle API process', () => {
  let database: TestDatabase;
  let dataDir: string;
  let child: ChildProcess;
  let url: string;
  const probes: Probe[] = [];
  let probed: (() => void) | null = null;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dataDir = await mkdtemp(join(tmpdir(), 'transferlab-idle-'));
    const env = { PATH: process.env.PATH, PORT: '0', DATABASE_URL: database.url!, TRANSFERLAB_DATA_DIR: dataDir, TRANSFERLAB_PREDICT_THREADS: '2' };
    child = spawn(process.execPath, ['--import', PROBE, BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (!line.startsWith('idle-probe ')) return void (stderr += `${line}\n`);
      probes.push(JSON.parse(line.slice('idle-probe '.length)) as Probe);
      probed?.();
    });
    url = await new Promise<string>((done, fail) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'TransferLab API listening' && entry.url) done(entry.url);
      });
      child.once('exit', (code) => fail(new Error(`transferlab-api serve exited with ${code}: ${stderr}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await database?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const probe = async (): Promise<Probe> => {
    const answered = new Promise<void>((done) => (probed = done));
    child.kill('SIGUSR2');
    await answered;
    return probes[probes.length - 1]!;
  };

  it('has loaded neither TensorFlow.js nor ONNX Runtime, and started no prediction thread', async () => {
    const before = await probe();
    expect(before).toMatchObject({ tfjs: false, onnxRuntime: false });
    // Answering a request (sign-up runs through GraphQL, the database and the password hasher)
    // loads none of them either, nor starts a thread.
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { signUp(email: "idle@example.com", password: "correct horse battery staple", name: "Idle") { user { id } } }' }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    const after = await probe();
    expect(after).toMatchObject({ tfjs: false, onnxRuntime: false });
    expect(after.threads).toBe(before.threads);
  });
});
