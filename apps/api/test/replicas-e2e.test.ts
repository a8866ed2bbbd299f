// Two API processes that share nothing but one PostgreSQL and one bucket (each its own data
// folder), as docker/README.md's Scale section lays them out: what one stores, the other serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { sessions, workerTokens } from '@transferlab/db/schema';
import { addMember, createTeam, createUser, createTestDatabase, type TestDatabase } from '@transferlab/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../src/auth/tokens';
import { sha256Of } from '../src/files/hashing-stream';
import { trainTinyModel, type TrainedModel } from './models-fixture';
import { CLAIM_RUN, epochMetric, FINISH_RUN, REPORT_EPOCH } from './runs-fixtures';
import { S3_CREDENTIALS, startS3Server, type TestS3 } from './s3-server';

const BIN = resolve(import.meta.dirname, '../bin/transferlab-api.js');

interface Replica {
  base: string;
  dataDir: string;
  gql<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T>;
  stop(): Promise<void>;
}

/** `transferlab-api serve` as a deployment runs it, on a free port; resolves once it listens. */
async function startReplica(databaseUrl: string, s3: TestS3): Promise<Replica> {
  const dataDir = await mkdtemp(join(tmpdir(), 'transferlab-replica-'));
  const env = {
    PATH: process.env.PATH,
    PORT: '0',
    DATABASE_URL: databaseUrl,
    TRANSFERLAB_DATA_DIR: dataDir,
    TRANSFERLAB_PREDICT_THREADS: '1',
    TRANSFERLAB_S3_BUCKET: 'transferlab-test',
    TRANSFERLAB_S3_ENDPOINT: s3.endpoint,
    TRANSFERLAB_S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'TransferLab API listening' && entry.url) done(entry.url);
    });
    child.once('exit', (code) => fail(new Error(`transferlab-api serve exited with ${code}: ${stderr}`)));
  });
  return {
    base: url.replace(/\/graphql$/, ''),
    dataDir,
    async gql<T>(query: string, variables: Record<string, unknown>, token: string) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: T; errors?: unknown[] };
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data as T;
    },
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describe('two API replicas on one PostgreSQL and one bucket, no shared folder', () => {
  let database: TestDatabase;
  let s3: TestS3;
  let a: Replica;
  let b: Replica;
  let trained: TrainedModel;
  let member: string;
  let teamId: string;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    s3 = await startS3Server();
    [a, b] = await Promise.all([startReplica(database.url!, s3), startReplica(database.url!, s3)]);
    trained = await trainTinyModel();
    const team = await createTeam(database.db);
    const user = await createUser(database.db);
    await addMember(database.db, { teamId: team.id, userId: user.id, role: 'MEMBER' });
    member = newToken('session');
    await database.db.insert(sessions).values({ userId: user.id, tokenHash: hashToken(member), expiresAt: new Date(Date.now() + 3_600_000) });
    teamId = team.id;
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await trained?.dispose();
    await s3?.close();
    await database?.dispose();
  });

  const uploadThrough = async (replica: Replica, datasetId: string, className: string, bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('class', className);
    form.append('files', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
    const res = await fetch(`${replica.base}/api/datasets/${datasetId}/images`, { method: 'POST', body: form, headers: { authorization: `Bearer ${member}` } });
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
  };

  it('serves through B an image uploaded through A', async () => {
    const { createDataset } = await a.gql<{ createDataset: { id: string } }>('mutation ($t: ID!, $n: String!) { createDataset(teamId: $t, name: $n) { id } }', { t: teamId, n: 'shared' }, member);
    const { bytes, className } = trained.images[0]!;
    await uploadThrough(a, createDataset.id, className, bytes, 'one.png');
    const res = await fetch(`${b.base}/api/datasets/${createDataset.id}/images/${sha256Of(bytes)}`, { headers: { authorization: `Bearer ${member}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    // Neither replica keeps the file on its own disk.
    for (const replica of [a, b]) expect(await readdir(join(replica.dataDir, 'files')).catch(() => [])).toEqual([]);
  });

  it('finishes through B a run claimed through A, with a model that predicts on both', async () => {
    const { createDataset } = await a.gql<{ createDataset: { id: string } }>('mutation ($t: ID!, $n: String!) { createDataset(teamId: $t, name: $n) { id } }', { t: teamId, n: 'tiny' }, member);
    for (const [i, image] of trained.images.entries()) await uploadThrough(i % 2 ? b : a, createDataset.id, image.className, image.bytes, `${i}.png`);
    const { startRun } = await a.gql<{ startRun: { id: string } }>('mutation ($input: StartRunInput!) { startRun(input: $input) { id } }', { input: { datasetId: createDataset.id, strategy: 'FEATURE_EXTRACTION', name: 'tiny' } }, member);

    const worker = newToken('worker');
    await database.db.insert(workerTokens).values({ name: 'gpu-1', tokenHash: hashToken(worker) });
    const { claimRun } = await a.gql<{ claimRun: { run: { id: string }; leaseId: string; images: { url: string }[] } }>(
      CLAIM_RUN,
      { worker: { name: 'gpu-1', backend: 'tensorflow', device: 'cpu', versions: { tfjs: '4.22.0' } } },
      worker,
    );
    expect(claimRun.run.id).toBe(startRun.id);
    // The claim hands out A's URLs; B serves the same images to the worker from the bucket.
    const first = claimRun.images[0]!.url.replace(a.base, b.base);
    expect((await fetch(first, { headers: { authorization: `Bearer ${worker}` } })).status).toBe(200);

    const lease = { runId: startRun.id, leaseId: claimRun.leaseId };
    for (const epoch of [1, 2]) await b.gql(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', epoch, 0.5 + epoch / 10) }, worker);
    const form = new FormData();
    for (const [name, bytes] of Object.entries(trained.bytes)) form.append(name, new Blob([new Uint8Array(bytes)]), name);
    const uploaded = await fetch(`${b.base}/api/runs/${startRun.id}/model`, { method: 'POST', headers: { authorization: `Bearer ${worker}`, 'x-lease-id': claimRun.leaseId }, body: form });
    expect(uploaded.status).toBe(201);
    const { finishRun } = await b.gql<{ finishRun: { status: string; model: { id: string } } }>(FINISH_RUN, lease, worker);
    expect(finishRun.status).toBe('SUCCEEDED');

    const PREDICT = 'mutation ($modelId: ID!, $image: String!) { predict(modelId: $modelId, imageBase64: $image, topK: 1) { label probability } }';
    const answersOf = async (replica: Replica) => {
      const answers: { label: string; probability: number }[] = [];
      for (const image of trained.images) {
        const { predict } = await replica.gql<{ predict: { label: string; probability: number }[] }>(PREDICT, { modelId: finishRun.model.id, image: image.bytes.toString('base64') }, member);
        answers.push(predict[0]!);
      }
      return answers;
    };
    const [fromA, fromB] = [await answersOf(a), await answersOf(b)];
    expect(fromA.every(({ label }) => trained.metadata.classes.includes(label))).toBe(true);
    // Each replica loaded the model from the bucket into its own folder, and they answer alike.
    expect(fromB.map((answer) => answer.label)).toEqual(fromA.map((answer) => answer.label));
    for (const [i, answer] of fromB.entries()) expect(answer.probability).toBeCloseTo(fromA[i]!.probability, 5);
    for (const replica of [a, b]) expect(await readdir(join(replica.dataDir, 'models'))).toEqual([finishRun.model.id]);
  }, 180_000);
});
