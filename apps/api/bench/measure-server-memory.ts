// What `transferlab-api serve` holds resident, measured on the real command in its own process
// (the rest of the bench runs the API inside the bench process, beside TensorFlow.js and the
// trained fixture, so that process's memory says nothing about the API's).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase, type Database } from '@transferlab/db';
import { createDataset, createTeam, createTestDatabase, type TestDatabase } from '@transferlab/db/testing';
import { LocalFileStore } from '../src/files/local-file-store';
import type { DbKind } from '../test/harness';
import { storeModel, type TrainedModel } from '../test/models-fixture';
import { runInClientProcess } from './client-process';
import type { MetricsQueryResult } from './client-tasks';
import { postGraphql } from './post-graphql';
import { runWithEpochRows, signedInMember } from './seed-bench-team';

const BIN = resolve(import.meta.dirname, '../bin/transferlab-api.js');
const PREDICT = 'mutation ($modelId: ID!, $image: String!) { predict(modelId: $modelId, imageBase64: $image, topK: 1) { label } }';
const PREDICTIONS = 20;
const METRIC_ROWS = 1000;
const QUERY_SECONDS = 3;
/** TRANSFERLAB_PREDICT_IDLE_SECONDS for this task, so the release is seen within the bench. */
const IDLE_SECONDS = 5;
// Readings after `listening`, with no request: just started, and at rest (--rest-seconds, 40 by
// default). V8's memory reducer shrinks the heap (start-up's compiled sources and garbage) after
// some seconds without allocation: measured 283 MB at 3 s, 211 MB from 25 s on (PostgreSQL).
const STARTED_MS = 3_000;

interface ProcessMemory {
  rssMb: number;
  /** The most the process has held resident since it started (VmHWM). */
  peakRssMb: number;
  threads: number;
}

function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(status.match(new RegExp(`^${name}:\\s*(\\d+)`, 'm'))?.[1] ?? Number.NaN);
  return { rssMb: Math.round(field('VmRSS') / 1024), peakRssMb: Math.round(field('VmHWM') / 1024), threads: field('Threads') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Seeds a fresh database and data folder (a member, a stored model, a run with 1,000 epoch rows),
 * starts `transferlab-api serve` on them, and reads /proc/<pid>/status: 3 s after it listens, idle
 * (`restSeconds` after, no request yet), after predictions (a prediction thread started, TensorFlow.js,
 * ONNX Runtime and the model loaded) and a metrics-query load, and at rest again after that
 * thread was idle for TRANSFERLAB_PREDICT_IDLE_SECONDS and ended. `peakRssMb` is the process's
 * high-water mark.
 */
export async function measureServerMemory(kind: DbKind, trained: TrainedModel, restSeconds: number) {
  const restingMs = restSeconds * 1000;
  const startedMs = Math.min(STARTED_MS, restingMs);
  const dataDir = await mkdtemp(join(tmpdir(), 'transferlab-bench-memory-'));
  let postgres: TestDatabase | undefined;
  let seedDb: Database | undefined;
  let stop = async () => {};
  try {
    seedDb = kind === 'postgres' ? (postgres = await createTestDatabase('postgres')) : await openDatabase({ dataDir: join(dataDir, 'db') });
    const target = { server: { services: { files: new LocalFileStore(join(dataDir, 'files')) } }, database: seedDb };
    const team = await createTeam(seedDb.db);
    const owner = await signedInMember(target, team.id, 'OWNER');
    const dataset = await createDataset(seedDb.db, { teamId: team.id, createdBy: owner.userId });
    const model = await storeModel(target, trained, { teamId: team.id, name: 'bench-memory' });
    const runId = await runWithEpochRows(target, { teamId: team.id, datasetId: dataset.id, ownerId: owner.userId }, METRIC_ROWS);
    // PGlite's folder belongs to one process: the server's, from here on.
    if (kind === 'pglite') await seedDb.close();

    const server = await startServer({
      PATH: process.env.PATH,
      PORT: '0',
      TRANSFERLAB_DATA_DIR: dataDir,
      TRANSFERLAB_PREDICT_IDLE_SECONDS: String(IDLE_SECONDS),
      ...(postgres?.url && { DATABASE_URL: postgres.url }),
    });
    stop = server.stop;
    await sleep(startedMs);
    const started = processMemory(server.pid);
    await sleep(restingMs - startedMs);
    const idle = processMemory(server.pid);

    const image = trained.images[0]!.bytes.toString('base64');
    for (let i = 0; i < PREDICTIONS; i++) await postGraphql(server.url, PREDICT, { modelId: model.id, image }, owner.token);
    const afterPredictions = processMemory(server.pid);
    await runInClientProcess<MetricsQueryResult>(
      { kind: 'metricsQuery', graphqlUrl: server.url, runId, token: owner.token, expectedRows: METRIC_ROWS, concurrency: 8, warmupMs: 0, durationMs: QUERY_SECONDS * 1000 },
      (QUERY_SECONDS + 120) * 1000,
    );
    const afterQueries = processMemory(server.pid);

    const released = await server.workerEnded(IDLE_SECONDS * 1000 + 30_000);
    // After the thread ended, the memory reducer again, capped: 15 s showed it at the default rest.
    await sleep(Math.min(restingMs, 15_000));
    const afterRelease = processMemory(server.pid);
    return {
      process: 'transferlab-api serve (tsx), its own process; a fresh database and data folder',
      workload: `${PREDICTIONS} predicts (the first starts a prediction thread), then ${QUERY_SECONDS} s of the ${METRIC_ROWS}-epoch metrics query, 8 at a time`,
      predictIdleSeconds: IDLE_SECONDS,
      startedRssMb: started.rssMb,
      idleAfterSeconds: restSeconds,
      idleRssMb: idle.rssMb,
      idleThreads: idle.threads,
      afterPredictionsRssMb: afterPredictions.rssMb,
      afterPredictionsThreads: afterPredictions.threads,
      afterQueriesRssMb: afterQueries.rssMb,
      peakRssMb: afterRelease.peakRssMb,
      predictionThreadEnded: released,
      afterIdleReleaseRssMb: afterRelease.rssMb,
      afterIdleReleaseThreads: afterRelease.threads,
    };
  } finally {
    await stop();
    if (kind === 'pglite') await seedDb?.close();
    await postgres?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface RunningServer {
  url: string;
  pid: number;
  /** Resolves true once the server logs that an idle prediction thread ended, false after `timeoutMs`. */
  workerEnded(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string | undefined>): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let ended = false;
  let onEnded: (() => void) | null = null;
  const url = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'TransferLab API listening' && entry.url) done(entry.url);
      if (entry.msg?.startsWith('prediction worker idle')) {
        ended = true;
        onEnded?.();
      }
    });
    child.once('exit', (code) => fail(new Error(`transferlab-api serve exited with ${code}: ${stderr.slice(-500)}`)));
  });
  return {
    url,
    pid: child.pid!,
    workerEnded: (timeoutMs) =>
      ended ? Promise.resolve(true) : new Promise<boolean>((done) => {
        const timer = setTimeout(() => done(false), timeoutMs);
        onEnded = () => {
          clearTimeout(timer);
          done(true);
        };
      }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
