import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../src/files/hashing-stream';
import { collectGarbage } from '../src/files/collect-garbage';
import { S3FileStore } from '../src/files/s3-file-store';
import { createDatasetVia, image, teamWithPeople, upload } from './datasets-fixtures';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { apiBase, epochMetric, FINISH_RUN, putCheckpoint, REPORT_EPOCH, startClaimedRun, createTeamFixture, modelFiles, uploadModel } from './runs-fixtures';
import { startS3Server, type TestS3 } from './s3-server';

// The API with its files in a bucket (a real S3-protocol server on 127.0.0.1): uploads, worker
// files and model downloads go through it, and a store that stops answering is a 503, not a crash.
describe.each(DB_KINDS)('API on an S3 file store (%s)', (kind) => {
  let s3: TestS3;
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    s3 = await startS3Server();
    api = await startTestApi(kind, { files: new S3FileStore(s3.settings(`${kind}/`)) });
    worker = await api.workerToken('gpu-1');
  });
  afterAll(async () => {
    await api?.close();
    await s3?.close();
  });

  const storedKeys = async () => {
    const names: string[] = [];
    for await (const entry of api.server.services.files.entries()) names.push(entry.name);
    return names;
  };

  it('stores uploaded images in the bucket, not the data folder, and serves them back', async () => {
    const team = await teamWithPeople(api);
    const datasetId = await createDatasetVia(api, team.owner.token, team.teamId);
    const bytes = await image('png', 7);
    const uploaded = await upload(api, datasetId, team.owner.token, 'daisy', [{ name: 'a.png', bytes, type: 'image/png' }]);
    expect(uploaded.body).toMatchObject({ accepted: 1 });
    const sha256 = sha256Of(bytes);
    expect(await storedKeys()).toContain(sha256);
    expect(await readdir(join(api.dataDir, 'files')).catch(() => [])).toEqual([]);
    const res = await fetch(`${apiBase(api)}/api/datasets/${datasetId}/images/${sha256}`, { headers: { authorization: `Bearer ${team.viewer.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });

  it('keeps checkpoints and model files in the bucket, finishes the run from them, and serves weights.bin by byte range', async () => {
    const team = await createTeamFixture(api);
    const { run, leaseId } = await startClaimedRun(api, worker, team);
    const lease = { runId: run.id, leaseId };
    for (const metric of [epochMetric('FEATURE_EXTRACTION', 1, 0.6), epochMetric('FEATURE_EXTRACTION', 2, 0.8), epochMetric('FINE_TUNE', 1, 0.7)]) {
      await api.must(REPORT_EPOCH, { ...lease, metric }, worker);
    }
    const checkpoint = randomBytes(300_000);
    expect((await putCheckpoint(api, lease, worker, checkpoint, 2)).status).toBe(201);
    const fetched = await fetch(`${apiBase(api)}/api/runs/${run.id}/checkpoint`, { headers: { authorization: `Bearer ${worker}`, 'x-lease-id': leaseId } });
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(checkpoint);

    const files = modelFiles();
    expect((await uploadModel(api, lease, worker, files)).status).toBe(201);
    const finished = await api.must<{ finishRun: { status: string; model: { id: string } } }>(FINISH_RUN, lease, worker);
    expect(finished.finishRun.status).toBe('SUCCEEDED');
    const url = `${apiBase(api)}/api/models/${finished.finishRun.model.id}/weights.bin`;
    const auth = { authorization: `Bearer ${team.viewer.token}` };
    const whole = await fetch(url, { headers: auth });
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(files['weights.bin']);
    const part = await fetch(url, { headers: { ...auth, range: 'bytes=100-163' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-163/256');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(files['weights.bin'].subarray(100, 164));
    const tail = await fetch(url, { headers: { ...auth, range: 'bytes=-16' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(files['weights.bin'].subarray(240));
    const past = await fetch(url, { headers: { ...auth, range: 'bytes=256-' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */256');
  });

  it('answers 503 naming the store while the bucket cannot be reached, keeps serving what needs no file, and recovers', async () => {
    const team = await teamWithPeople(api);
    const datasetId = await createDatasetVia(api, team.owner.token, team.teamId);
    const bytes = await image('png', 11);
    const uploaded = await upload(api, datasetId, team.owner.token, 'daisy', [{ name: 'b.png', bytes, type: 'image/png' }]);
    expect(uploaded.body).toMatchObject({ accepted: 1 });
    const sha256 = sha256Of(bytes);
    const imageUrl = `${apiBase(api)}/api/datasets/${datasetId}/images/${sha256}`;
    const auth = { authorization: `Bearer ${team.viewer.token}` };
    const { run, leaseId } = await startClaimedRun(api, worker, await createTeamFixture(api));
    const lease = { runId: run.id, leaseId };
    await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('FEATURE_EXTRACTION', 1, 0.6) }, worker);
    await s3.stop();
    try {
      // Streamed uploads: the store fails while the body is still arriving, and the worker hears so at once.
      for (const streamed of [await putCheckpoint(api, lease, worker, randomBytes(2_000_000), 1), await uploadModel(api, lease, worker, modelFiles())]) {
        expect(streamed.status).toBe(503);
        expect(await streamed.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      }
      const down = await fetch(imageUrl, { headers: auth });
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', error: expect.stringMatching(new RegExp(`^The file store s3://transferlab-test/${kind}/ cannot be reached`)) as unknown });
      const refused = await upload(api, datasetId, team.owner.token, 'daisy', [{ name: 'c.png', bytes: await image('png', 12), type: 'image/png' }]);
      expect(refused.status).toBe(503);
      expect(JSON.stringify(refused.body)).toContain(`s3://transferlab-test/${kind}/`);
      // The process is still up: what needs no file is answered as ever.
      expect((await fetch(`${apiBase(api)}/healthz`)).status).toBe(200);
    } finally {
      await s3.start();
    }
    const back = await fetch(imageUrl, { headers: auth });
    expect(Buffer.from(await back.arrayBuffer())).toEqual(bytes);
  });

  it('collects garbage in the bucket: files no row names go, files rows name stay', async () => {
    const team = await teamWithPeople(api);
    const datasetId = await createDatasetVia(api, team.owner.token, team.teamId);
    const bytes = await image('png', 21);
    expect((await upload(api, datasetId, team.owner.token, 'daisy', [{ name: 'kept.png', bytes, type: 'image/png' }])).body).toMatchObject({ accepted: 1 });
    const orphan = await api.server.services.files.put(Buffer.from('a checkpoint whose row forgot it'));
    const report = await collectGarbage({ db: api.database.db, files: api.server.services.files, minAgeMs: 0 });
    expect(report.deletedFiles).toBeGreaterThanOrEqual(1);
    expect(await api.server.services.files.has(orphan)).toBe(false);
    expect(await api.server.services.files.has(sha256Of(bytes))).toBe(true);
  });
});
