import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { buildBackbone, loadKerasH5Weights } from '@transferlab/ml-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storeImagenetCopy } from '../src/weights/store-imagenet-copy';
import { readmeCommands } from '../../../scripts/readme-commands.mjs';
import { apiBase, buildZip } from './datasets-fixtures';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { CANCEL_RUN, createImageDataset, FAIL_RUN, createPerson, createTeamFixture, expectError, settleLeftoverRuns, startRun, type TeamFixture } from './runs-fixtures';
import type { LocalFileStore } from '../src/files/local-file-store';
import { DELETE_WEIGHTS, kerasH5, TEAM_WEIGHTS, tfjsExport, uploadWeights } from './weights-fixtures';

const MAX_WEIGHTS = 4 * 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MOBILENET = { name: 'domain-pretrained', backbone: 'MOBILENET_V2', alpha: '0.35' };

interface WeightsView {
  id: string;
  name: string;
  backbone: string;
  alpha: number | null;
  format: string;
  sha256: string;
  sizeBytes: number;
  createdBy: { id: string };
}

describe.each(DB_KINDS)('pretrained weights as team assets (%s)', (kind) => {
  let api: TestApi;
  let worker: string;
  let h5: Buffer;
  let tfjs: Awaited<ReturnType<typeof tfjsExport>>;
  beforeAll(async () => {
    api = await startTestApi(kind, { maxWeightsBytes: MAX_WEIGHTS });
    worker = await api.workerToken('gpu-weights');
    h5 = await kerasH5('MOBILENET_V2', 0.35, 7);
    tfjs = await tfjsExport('MOBILENET_V2', 0.35, 11);
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  async function teamWeights(team: TeamFixture, token = team.member.token): Promise<WeightsView[]> {
    return (await api.must<{ team: { weights: WeightsView[] } }>(TEAM_WEIGHTS, { id: team.teamId }, token)).team.weights;
  }

  /** The stored file loaded into a fresh backbone: its first kernel. */
  async function storedKernel(sha: string): Promise<Float32Array> {
    const model = buildBackbone('MOBILENET_V2', { imageSize: 96, alpha: 0.35 });
    try {
      const loaded = await loadKerasH5Weights(model, (api.server.services.files as LocalFileStore).pathOf(sha));
      expect(loaded.sha256).toBe(sha);
      return (await model.getLayer('Conv1').getWeights()[0]!.data()) as Float32Array;
    } finally {
      for (const w of new Set(model.weights)) w.dispose();
    }
  }

  it('accepts a Keras h5 file, stores it once by content, and lists it for every member', async () => {
    const team = await createTeamFixture(api);
    const before = tf.memory().numTensors;
    const res = await uploadWeights(api, team.teamId, team.owner.token, MOBILENET, [{ name: 'mobilenet.h5', bytes: h5 }]);
    expect(tf.memory().numTensors).toBe(before);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'domain-pretrained', backbone: 'MOBILENET_V2', format: 'KERAS_H5', sha256: sha256(h5), sizeBytes: h5.length });
    expect(await api.server.services.files.has(sha256(h5))).toBe(true);

    const listed = await teamWeights(team, team.viewer.token);
    expect(listed).toEqual([expect.objectContaining({ id: res.body.id, alpha: expect.closeTo(0.35, 6), sha256: sha256(h5), createdBy: { id: team.owner.userId } })]);

    const again = await uploadWeights(api, team.teamId, team.owner.token, MOBILENET, [{ name: 'mobilenet.h5', bytes: h5 }]);
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT', error: expect.stringContaining('already has weights named "domain-pretrained"') } });
  });

  it("runs README's curl upload of a TensorFlow.js export as written", async () => {
    const command = readmeCommands('README.md').map((c) => c.command).find((c) => c.startsWith('curl ') && c.includes('/weights'));
    expect(command, 'README shows a curl upload of weights').toBeDefined();
    const team = await createTeamFixture(api);
    const dir = await mkdtemp(join(tmpdir(), 'transferlab-readme-weights-'));
    try {
      await writeFile(join(dir, 'model.json'), tfjs.modelJson);
      await writeFile(join(dir, 'weights.bin'), tfjs.weightsBin);
      const { stdout } = await promisify(execFile)('bash', ['-c', command!.replaceAll('http://127.0.0.1:4000', apiBase(api))], {
        cwd: dir,
        env: { PATH: process.env.PATH, TOKEN: team.owner.token, TEAM_ID: team.teamId },
      });
      expect(JSON.parse(stdout)).toMatchObject({ backbone: 'MOBILENET_V2', format: 'TFJS_LAYERS' });
      expect((await teamWeights(team)).map((w) => w.name)).toEqual([JSON.parse(stdout).name]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts a TensorFlow.js export as multipart files and as a zip, converted to one h5 with the same weights', async () => {
    const team = await createTeamFixture(api);
    const multipart = await uploadWeights(api, team.teamId, team.owner.token, { ...MOBILENET, name: 'tfjs-files' }, [
      { name: 'model.json', bytes: tfjs.modelJson },
      { name: 'weights.bin', bytes: tfjs.weightsBin },
    ]);
    expect(multipart).toMatchObject({ status: 201, body: { format: 'TFJS_LAYERS', backbone: 'MOBILENET_V2' } });
    expect(await storedKernel(multipart.body.sha256 as string)).toEqual(tfjs.kernel);

    const zip = buildZip([{ name: 'export/' }, { name: 'export/model.json', data: tfjs.modelJson }, { name: 'export/weights.bin', data: tfjs.weightsBin }, { name: '__MACOSX/._model.json', data: 'x' }]);
    const admin = await createPerson(api, team.teamId, 'ADMIN');
    const zipped = await uploadWeights(api, team.teamId, admin.token, { ...MOBILENET, name: 'tfjs-zip' }, [{ name: 'mobilenet.zip', bytes: zip }]);
    expect(zipped).toMatchObject({ status: 201, body: { format: 'TFJS_LAYERS' } });
    expect(await storedKernel(zipped.body.sha256 as string)).toEqual(tfjs.kernel);
  });

  it('refuses weights that do not fit, damaged files, escaping zips and oversized uploads, each with its reason', async () => {
    const team = await createTeamFixture(api);
    const send = (fields: Record<string, string>, files: { name: string; bytes: Buffer | string }[]) => uploadWeights(api, team.teamId, team.owner.token, fields, files);

    const wrongBackbone = await send({ ...MOBILENET, backbone: 'VGG16', alpha: '' }, [{ name: 'w.h5', bytes: h5 }]);
    expect(wrongBackbone).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT' } });
    expect(wrongBackbone.body.error).toMatch(/^These weights do not fit VGG16: .*no weights for layer "block1_conv1"/);
    expect(wrongBackbone.body.error).not.toContain(tmpdir());

    const wrongWidth = await send({ ...MOBILENET, alpha: '0.5' }, [{ name: 'w.h5', bytes: h5 }]);
    expect(wrongWidth.body.error).toMatch(/do not fit MOBILENET_V2 alpha 0.5: .*layer "block_1_project" weight "kernel" has shape \[1,1,\d+,16\] in the model but \[1,1,\d+,8\] in the file/);

    const truncated = await send(MOBILENET, [{ name: 'w.h5', bytes: h5.subarray(0, Math.floor(h5.length / 2)) }]);
    expect(truncated).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT', error: expect.stringMatching(/Cannot read Keras weights from w\.h5: .*damaged/) } });

    const shortShard = await send(MOBILENET, [{ name: 'model.json', bytes: tfjs.modelJson }, { name: 'weights.bin', bytes: tfjs.weightsBin.subarray(0, 1000) }]);
    expect(shortShard.body.error).toMatch(/hold 1000 bytes but the manifest describes \d+ \(truncated/);

    for (const name of ['../model.json', '/etc/model.json', 'export\\model.json']) {
      const escaping = await send(MOBILENET, [{ name: 'w.zip', bytes: buildZip([{ name, data: tfjs.modelJson }, { name: 'weights.bin', data: tfjs.weightsBin }]) }]);
      expect(escaping).toMatchObject({ status: 400, body: { error: expect.stringContaining('would land outside the export\'s folder') } });
    }
    const link = await send(MOBILENET, [{ name: 'w.zip', bytes: buildZip([{ name: 'model.json', data: '/etc/passwd', symlink: true }]) }]);
    expect(link.body.error).toContain('would land outside');

    const oversized = await send(MOBILENET, [{ name: 'big.h5', bytes: Buffer.alloc(MAX_WEIGHTS + 1) }]);
    expect(oversized).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', error: expect.stringContaining('larger than 4 MB') } });

    expect((await send({ ...MOBILENET, backbone: 'RESNET9000' }, [{ name: 'w.h5', bytes: h5 }])).body.error).toMatch(/"RESNET9000" is not a backbone: send one of VGG16, MOBILENET_V2/);
    expect((await send({ ...MOBILENET, alpha: '0.3' }, [{ name: 'w.h5', bytes: h5 }])).body.error).toContain('send one of 0.35, 0.5, 0.75, 1, 1.3, 1.4');
    expect((await send({ ...MOBILENET, name: 'x'.repeat(101) }, [{ name: 'w.h5', bytes: h5 }])).body.error).toContain('at most 100 characters');
    expect((await send(MOBILENET, [{ name: 'notes.txt', bytes: 'hello' }])).body.error).toContain('Send one Keras .h5');
    expect(await teamWeights(team)).toEqual([]);
  });

  it('lets only admins and owners upload and delete, and shows nothing across teams', async () => {
    const team = await createTeamFixture(api);
    const other = await createTeamFixture(api);
    const file = [{ name: 'w.h5', bytes: h5 }];
    expect((await uploadWeights(api, team.teamId, team.member.token, MOBILENET, file)).status).toBe(403);
    expect((await uploadWeights(api, team.teamId, team.viewer.token, MOBILENET, file)).status).toBe(403);
    expect((await uploadWeights(api, team.teamId, other.owner.token, MOBILENET, file)).status).toBe(404);
    expect((await uploadWeights(api, team.teamId, undefined, MOBILENET, file)).status).toBe(401);
    expect((await uploadWeights(api, team.teamId, worker, MOBILENET, file)).status).toBe(401);

    const uploaded = await uploadWeights(api, team.teamId, team.owner.token, MOBILENET, file);
    const id = uploaded.body.id as string;
    expect(await api.gql(TEAM_WEIGHTS, { id: team.teamId }, other.owner.token)).toMatchObject({ data: { team: null } });
    expectError(await api.gql(DELETE_WEIGHTS, { id }, team.member.token), 'FORBIDDEN');
    expectError(await api.gql(DELETE_WEIGHTS, { id }, other.owner.token), 'NOT_FOUND');

    const { dataset } = await createImageDataset(api, other, { a: 2, b: 2 });
    expectError(await api.gql('mutation ($input: StartRunInput!) { startRun(input: $input) { id } }', { input: { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION', backbone: 'MOBILENET_V2', weightsId: id } }, other.member.token), 'NOT_FOUND');

    const admin = await createPerson(api, team.teamId, 'ADMIN');
    expect(await api.must(DELETE_WEIGHTS, { id }, admin.token)).toEqual({ deleteBackboneWeights: true });
    expect(await teamWeights(team)).toEqual([]);
  });

  it('starts a run from uploaded weights, hands the worker them by hash, and refuses deleting them while the run waits', async () => {
    const team = await createTeamFixture(api);
    const weights = (await uploadWeights(api, team.teamId, team.owner.token, MOBILENET, [{ name: 'w.h5', bytes: h5 }])).body as unknown as WeightsView;
    const { dataset } = await createImageDataset(api, team, { a: 2, b: 2 });
    const base = { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION', backbone: 'MOBILENET_V2', weightsId: weights.id };
    const START = 'mutation ($input: StartRunInput!) { startRun(input: $input) { id config weights { id name sha256 } } }';

    const mismatch = await api.gql(START, { input: { ...base, backbone: 'VGG16' } }, team.member.token);
    expectError(mismatch, 'BAD_USER_INPUT');
    expect(mismatch.errors?.[0]?.message).toContain('names weights for MOBILENET_V2 alpha 0.35, but the run\'s backbone is VGG16');
    expectError(await api.gql(START, { input: { ...base, strategy: 'BASELINE' } }, team.member.token), 'BAD_USER_INPUT');
    expectError(await api.gql(START, { input: { ...base, pretrained: false } }, team.member.token), 'BAD_USER_INPUT');

    const { startRun: run } = await api.must<{ startRun: { id: string; config: { alpha: number }; weights: unknown } }>(START, { input: base }, team.member.token);
    expect(run.weights).toEqual({ id: weights.id, name: 'domain-pretrained', sha256: sha256(h5) });
    expect(run.config.alpha).toBe(0.35);

    const inUse = await api.gql(DELETE_WEIGHTS, { id: weights.id }, team.owner.token);
    expectError(inUse, 'CONFLICT');
    expect(inUse.errors?.[0]?.message).toContain(`in use by 1 queued or running run (${run.id})`);

    const claim = await api.gql<{ claimRun: { run: { id: string }; leaseId: string; weights: { kind: string; id: string; name: string; sha256: string; url: string } } }>(
      'mutation { claimRun(worker: { name: "gpu-weights" }) { run { id } leaseId weights { kind id name sha256 url } } }',
      {},
      worker,
    );
    expect(claim.data?.claimRun.weights).toEqual({ kind: 'asset', id: weights.id, name: 'domain-pretrained', sha256: sha256(h5), url: `${api.server.url.replace(/\/graphql$/, '')}/api/worker/weights/${sha256(h5)}` });
    const url = claim.data!.claimRun.weights.url;
    const fetched = await fetch(url, { headers: { authorization: `Bearer ${worker}` } });
    expect(fetched.status).toBe(200);
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256(h5));
    const stranger = await api.workerToken('gpu-stranger');
    expect((await fetch(url, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(404);
    expect((await fetch(url, { headers: { authorization: `Bearer ${team.owner.token}` } })).status).toBe(403);

    expectError(await api.gql(DELETE_WEIGHTS, { id: weights.id }, team.owner.token), 'CONFLICT');
    await api.must(CANCEL_RUN, { id: run.id }, team.member.token);
    await api.must(FAIL_RUN, { runId: run.id, leaseId: claim.data!.claimRun.leaseId, failure: { code: 'CANCELED', kind: 'user', message: 'Canceled.' } }, worker);
    expect(await api.must(DELETE_WEIGHTS, { id: weights.id }, team.owner.token)).toEqual({ deleteBackboneWeights: true });
    // The ended run still says what it started from.
    const after = await api.must<{ run: { weights: unknown } }>('query ($id: ID!) { run(id: $id) { weights { id name sha256 } } }', { id: run.id }, team.member.token);
    expect(after.run.weights).toEqual({ id: weights.id, name: 'domain-pretrained', sha256: sha256(h5) });
  });

  it("gives pretrained runs the server's copy of Keras's ImageNet file, and refuses uploads that cannot prove they are Keras's", async () => {
    const team = await createTeamFixture(api);
    const unprovable = await uploadWeights(api, team.teamId, team.owner.token, { backbone: 'MOBILENET_V2', alpha: '0.35', imagenet: 'true' }, [{ name: 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5', bytes: h5 }]);
    expect(unprovable).toMatchObject({ status: 400, body: { error: expect.stringContaining('transferlab-api import-weights mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5') } });
    const notKeras = await uploadWeights(api, team.teamId, team.owner.token, { backbone: 'VGG16', imagenet: 'true' }, [{ name: 'vgg16.h5', bytes: h5 }]);
    expect(notKeras.body.error).toMatch(/md5 is [0-9a-f]{32}, not Keras's 6d6bbae143d832006294945121d1f1fc for vgg16_weights_tf_dim_ordering_tf_kernels_notop\.h5/);

    // What `transferlab-api import-weights FILE` does (the CLI test runs the command itself).
    const full = await kerasH5('MOBILENET_V2', 1, 3);
    const fileName = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5';
    const dir = await mkdtemp(join(tmpdir(), 'imagenet-'));
    await writeFile(join(dir, fileName), full);
    await storeImagenetCopy({ db: api.database.db, files: api.server.services.files, path: join(dir, fileName), fileName, requireMd5: false, createdBy: null });
    await rm(dir, { recursive: true, force: true });
    const listed = await api.must<{ imagenetWeights: { fileName: string; backbone: string; sha256: string }[] }>('{ imagenetWeights { fileName backbone sha256 } }', {}, team.member.token);
    expect(listed.imagenetWeights).toContainEqual({ fileName, backbone: 'MOBILENET_V2', sha256: sha256(full) });

    const { dataset } = await createImageDataset(api, team, { a: 2, b: 2 });
    const CLAIM = 'mutation { claimRun(worker: { name: "gpu-weights" }) { weights { kind name sha256 url } } }';
    await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION', backbone: 'MOBILENET_V2', imageSize: 160 });
    const claim = await api.must<{ claimRun: { weights: { url: string } } }>(CLAIM, {}, worker);
    expect(claim.claimRun.weights).toMatchObject({ kind: 'imagenet', name: fileName, sha256: sha256(full) });
    // Public weights: any trainer may fetch them.
    const stranger = await api.workerToken('gpu-other');
    const fetched = await fetch(claim.claimRun.weights.url, { headers: { authorization: `Bearer ${stranger}` } });
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256(full));

    // No copy of VGG16's file on this server: the trainer downloads it itself.
    await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION' });
    expect((await api.must<{ claimRun: { weights: unknown } }>(CLAIM, {}, worker)).claimRun.weights).toBeNull();
  });
});
