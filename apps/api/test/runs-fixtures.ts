// Fresh people, datasets and worker calls for the runs, worker and subscription tests. People get
// sessions straight in the database so these tests depend on no other domain's mutations.
import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { runs, sessions, type TeamRole } from '@transferlab/db/schema';
import { addMember, createDataset, createDatasetImage, createTeam, createUser } from '@transferlab/db/testing';
import type { Client } from 'graphql-ws';
import { expect } from 'vitest';
import { hashToken, newToken } from '../src/auth/tokens';
import type { GqlResult, TestApi } from './harness';

export interface Person {
  userId: string;
  token: string;
}

export async function createPerson(api: TestApi, teamId: string, role: TeamRole): Promise<Person> {
  const db = api.database.db;
  const user = await createUser(db);
  const token = newToken('session');
  await db.insert(sessions).values({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) });
  await addMember(db, { teamId, userId: user.id, role });
  return { userId: user.id, token };
}

export interface TeamFixture {
  teamId: string;
  owner: Person;
  member: Person;
  viewer: Person;
}

export async function createTeamFixture(api: TestApi): Promise<TeamFixture> {
  const team = await createTeam(api.database.db);
  return {
    teamId: team.id,
    owner: await createPerson(api, team.id, 'OWNER'),
    member: await createPerson(api, team.id, 'MEMBER'),
    viewer: await createPerson(api, team.id, 'VIEWER'),
  };
}

export interface ImageFixture {
  sha256: string;
  className: string;
  split: 'train' | 'val';
  bytes: Buffer;
}

/** A dataset whose images' bytes really are in the API's file store. `classes`: name → train image count (plus one val image each). */
export async function createImageDataset(api: TestApi, team: TeamFixture, classes: Record<string, number>, name?: string) {
  const dataset = await createDataset(api.database.db, { teamId: team.teamId, createdBy: team.owner.userId, ...(name ? { name } : {}) });
  const images: ImageFixture[] = [];
  for (const [className, count] of Object.entries(classes)) {
    for (let i = 0; i <= count; i++) {
      const split = i < count ? 'train' : 'val';
      const bytes = randomBytes(64);
      const sha256 = await api.server.services.files.put(bytes);
      await createDatasetImage(api.database.db, { datasetId: dataset.id, sha256, className, split, fileName: `${className}-${i}.png` });
      images.push({ sha256, className, split, bytes });
    }
  }
  return { dataset, images };
}

/** A new team with a small two-class dataset (four training images and one validation image per class). */
export async function createTeamWithDataset(api: TestApi) {
  const team = await createTeamFixture(api);
  const { dataset } = await createImageDataset(api, team, { daisy: 4, tulips: 4 });
  return { team, dataset };
}

export const RUN_FIELDS = `id name status strategy config attempts error bestValAccuracy createdAt startedAt finishedAt
  failure { code kind message } worker { name backend device versions frozenEngine }
  progress { phase epoch epochs batch batches etaSeconds }
  metrics { phase epoch loss accuracy valLoss valAccuracy learningRate durationMs imagesPerSecond at }
  team { id } dataset { id } createdBy { id }`;

export interface RunView {
  id: string;
  name: string | null;
  status: string;
  strategy: string;
  config: Record<string, unknown>;
  attempts: number;
  error: string | null;
  bestValAccuracy: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  failure: { code: string; kind: string; message: string } | null;
  worker: { name: string; backend: string | null; device: string | null; versions: unknown; frozenEngine: string | null } | null;
  progress: { phase: string; epoch: number; epochs: number; batch: number; batches: number; etaSeconds: number | null } | null;
  metrics: { phase: string; epoch: number; loss: number; accuracy: number; valLoss: number | null; valAccuracy: number | null; learningRate: number; durationMs: number; imagesPerSecond: number; at: string }[];
  team: { id: string };
  dataset: { id: string };
  createdBy: { id: string };
}

export async function startRun(api: TestApi, token: string, input: Record<string, unknown>): Promise<RunView> {
  const data = await api.must<{ startRun: RunView }>(`mutation ($input: StartRunInput!) { startRun(input: $input) { ${RUN_FIELDS} } }`, { input }, token);
  return data.startRun;
}

export async function getRun(api: TestApi, token: string, id: string): Promise<RunView> {
  return (await api.must<{ run: RunView }>(`query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id }, token)).run;
}

export interface ClaimedView {
  run: { id: string; status: string };
  config: Record<string, unknown>;
  classes: string[];
  images: { sha256: string; className: string; split: string; url: string }[];
  attempt: number;
  leaseId: string;
  leaseExpiresAt: string;
  checkpointUrl: string | null;
}

export const CLAIM_RUN = `mutation ($worker: WorkerInfoInput!) { claimRun(worker: $worker) {
  run { id status } config classes images { sha256 className split url } attempt leaseId leaseExpiresAt checkpointUrl } }`;

/** `worker` adds to (or overrides) the WorkerInfoInput a TensorFlow.js CPU worker would send. */
export function claimRun(api: TestApi, workerToken: string, name = 'gpu-1', worker: Record<string, unknown> = {}): Promise<GqlResult<{ claimRun: ClaimedView | null }>> {
  return api.gql<{ claimRun: ClaimedView | null }>(CLAIM_RUN, { worker: { name, backend: 'tensorflow', device: 'cpu', versions: { tfjs: '4.22.0' }, ...worker } }, workerToken);
}

/** A FEATURE_EXTRACTION run of a new two-class dataset of the team, claimed by `worker` so that it can report. */
export async function startClaimedRun(api: TestApi, worker: string, team: TeamFixture) {
  const { dataset } = await createImageDataset(api, team, { daisy: 2, tulips: 2 });
  const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION', name: 'live' });
  const claimed = (await claimRun(api, worker)).data?.claimRun;
  if (claimed?.run.id !== run.id) throw new Error(`The worker claimed ${claimed?.run.id}, not the new run ${run.id}; a run was left over.`);
  return { dataset, run, leaseId: claimed.leaseId };
}

export const HEARTBEAT = 'mutation ($runId: ID!, $leaseId: ID!) { heartbeat(runId: $runId, leaseId: $leaseId) { canceled leaseExpiresAt } }';
export const REPORT_PROGRESS = 'mutation ($runId: ID!, $leaseId: ID!, $progress: RunProgressInput!) { reportProgress(runId: $runId, leaseId: $leaseId, progress: $progress) }';
export const REPORT_EPOCH = 'mutation ($runId: ID!, $leaseId: ID!, $metric: EpochMetricInput!) { reportEpoch(runId: $runId, leaseId: $leaseId, metric: $metric) }';
export const FINISH_RUN = 'mutation ($runId: ID!, $leaseId: ID!) { finishRun(runId: $runId, leaseId: $leaseId) { id status finishedAt model { id name version classes imageSize backbone valAccuracy confusionMatrix } } }';
export const FAIL_RUN = 'mutation ($runId: ID!, $leaseId: ID!, $failure: RunFailureInput!) { failRun(runId: $runId, leaseId: $leaseId, failure: $failure) { id status error failure { code kind message } } }';
export const CANCEL_RUN = 'mutation ($id: ID!) { cancelRun(id: $id) { id status } }';

export function progress(batch: number, phase = 'FEATURE_EXTRACTION') {
  return { phase, epoch: 1, epochs: 2, batch, batches: 10, etaSeconds: 12.5 };
}

export function epochMetric(phase: string, epoch: number, valAccuracy: number) {
  return { phase, epoch, loss: 1 / epoch, accuracy: 0.5 + epoch / 10, valLoss: 1.2 / epoch, valAccuracy, learningRate: 0.001, durationMs: 1500, imagesPerSecond: 42.5 };
}

/** Files shaped like ml-core's saveModel output, for two classes. */
export function modelFiles(classes = ['daisy', 'tulips'], overrides: { metadata?: unknown; modelJson?: unknown } = {}) {
  const metadata = overrides.metadata ?? {
    format: 'transferlab-model/1',
    classes,
    imageSize: 224,
    backbone: 'VGG16',
    alpha: null,
    preprocessing: 'caffe',
    strategy: 'FEATURE_EXTRACTION',
    metrics: { valAccuracy: 0.875, valLoss: 0.4, bestEpoch: { phase: 'FEATURE_EXTRACTION', epoch: 2 }, epochs: [] },
    evaluation: {
      accuracy: 0.875,
      topK: { 1: 0.875, 2: 1 },
      confusionMatrix: [
        [4, 0],
        [1, 3],
      ],
      classMetrics: [
        { name: classes[0], precision: 0.8, recall: 1, f1: 0.889, support: 4 },
        { name: classes[1], precision: 1, recall: 0.75, f1: 0.857, support: 4 },
      ],
      count: 8,
    },
  };
  const modelJson = overrides.modelJson ?? { format: 'layers-model', modelTopology: { class_name: 'Sequential', config: {} }, weightsManifest: [{ paths: ['weights.bin'], weights: [] }] };
  return {
    'model.json': Buffer.from(JSON.stringify(modelJson)),
    'weights.bin': randomBytes(256),
    'metadata.json': Buffer.from(JSON.stringify(metadata)),
  };
}

/** What a worker names in each call about a run it claimed. */
export interface LeaseRef {
  runId: string;
  leaseId: string;
}

export async function uploadModel(api: TestApi, { runId, leaseId }: LeaseRef, token: string, files: Record<string, Buffer>): Promise<Response> {
  const form = new FormData();
  for (const [name, bytes] of Object.entries(files)) form.append(name, new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${apiBase(api)}/api/runs/${runId}/model`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-lease-id': leaseId }, body: form });
}

/** PUT /api/runs/:id/checkpoint as the worker holding `lease`, for a checkpoint covering `epochs` epochs. */
export function putCheckpoint(api: TestApi, { runId, leaseId }: LeaseRef, token: string, bytes: Buffer, epochs: number): Promise<Response> {
  return fetch(`${apiBase(api)}/api/runs/${runId}/checkpoint`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'x-lease-id': leaseId, 'x-checkpoint-epochs': String(epochs) },
    body: new Uint8Array(bytes),
  });
}

export function apiBase(api: TestApi): string {
  return api.server.url.replace(/\/graphql$/, '');
}

/**
 * Settles what a test left queued or running, so the next test's claimRun gets its own run: the
 * queue is the whole runs table.
 */
export async function settleLeftoverRuns(api: TestApi): Promise<void> {
  await api.database.db.update(runs).set({ status: 'CANCELED' }).where(inArray(runs.status, ['QUEUED', 'RUNNING']));
}

export function errorCode(result: GqlResult<unknown>): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

export function expectError(result: GqlResult<unknown>, code: string, message?: RegExp): void {
  expect(result.errors, JSON.stringify(result)).toBeDefined();
  expect(errorCode(result)).toBe(code);
  if (message) expect(result.errors?.[0]?.message).toMatch(message);
}

export interface Subscription<T> {
  values: T[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `predicate` holds for the values received so far. */
  until(predicate: (values: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the subscription ends with an error or completes. */
  ended: Promise<void>;
  stop(): void;
}

/** Subscribes over the real graphql-ws socket and records everything the server sends. */
export function subscribe<T = Record<string, unknown>>(client: Client, query: string, variables: Record<string, unknown>): Subscription<T> {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const sub: Subscription<T> = {
    values: [],
    errors: [],
    completed: false,
    ended,
    async until(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(sub.values)) {
        if (Date.now() > deadline) throw new Error(`Subscription did not receive the expected values; got ${JSON.stringify(sub.values)}, errors ${JSON.stringify(sub.errors)}`);
        await sleep(20);
      }
      return sub.values;
    },
    stop: () => undefined,
  };
  sub.stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) sub.errors.push(...result.errors);
        if (result.data) sub.values.push(result.data as T);
      },
      error: (error) => {
        sub.errors.push(...(Array.isArray(error) ? error : [error]));
        end();
      },
      complete: () => {
        sub.completed = true;
        end();
      },
    },
  );
  return sub;
}

/**
 * graphql-ws does not say when a subscription is live on the server, so publish `probe` until
 * the subscriber has received something, then forget what it received.
 */
export async function waitUntilLive<T>(sub: Subscription<T>, probe: () => Promise<unknown>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!sub.values.length) {
    if (sub.errors.length) throw new Error(`Subscription failed: ${JSON.stringify(sub.errors)}`);
    if (Date.now() > deadline) throw new Error('Subscription never went live.');
    await probe();
    await sleep(50);
  }
  // Probes still in flight arrive shortly; let them, then start clean.
  await sleep(200);
  sub.values.length = 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
