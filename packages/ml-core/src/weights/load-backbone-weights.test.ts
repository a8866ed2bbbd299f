import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBackboneWeights, WeightsError, writeKerasH5Weights, type DownloadProgress } from './index';
import { refusedPort, startTestServer, type TestServer } from './test-support/http';
import { differingWeights, mobilenetLike, randomizeWeights, weightValues } from './test-support/models';
import { exportTfjs } from './test-support/tfjs-export';

const MOBILENET_FILE = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5';

let dir: string;
let servers: TestServer[];
let source: tf.LayersModel;

const sha256 = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');

beforeAll(async () => {
  await tf.setBackend('cpu');
  source = mobilenetLike();
  randomizeWeights(source, 'backbone');
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'backbone-weights-'));
  servers = [];
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('loadBackboneWeights', () => {
  it("'none' keeps the random initialisation", async () => {
    const model = mobilenetLike();
    const before = weightValues(model);
    const info = await loadBackboneWeights(model, { backbone: 'MOBILENET_V2', source: 'none', cacheDir: join(dir, 'cache') });
    expect(info).toEqual({ kind: 'none', hash: 'random' });
    expect(weightValues(model)).toEqual(before);
  });

  it('loads a Keras .h5 / .hdf5 path', async () => {
    const path = join(dir, 'backbone.h5');
    await writeKerasH5Weights(source, path, { layout: 'keras2' });
    const hdf5 = join(dir, 'backbone.HDF5');
    await copyFile(path, hdf5);
    for (const file of [path, hdf5]) {
      const model = mobilenetLike();
      const info = await loadBackboneWeights(model, { backbone: 'MOBILENET_V2', source: { path: file }, cacheDir: dir });
      expect(info).toEqual({ kind: 'h5', hash: await sha256(path), path: file });
      expect(differingWeights(source, model)).toEqual([]);
    }
  });

  it('loads a TensorFlow.js model.json path', async () => {
    const modelJson = await exportTfjs(source, dir);
    const model = mobilenetLike();
    const info = await loadBackboneWeights(model, { backbone: 'MOBILENET_V2', source: { path: modelJson }, cacheDir: dir });
    expect(info).toEqual({ kind: 'tfjs', hash: await sha256(join(dir, 'group1-shard1of1.bin')), path: modelJson });
    expect(differingWeights(source, model)).toEqual([]);
  });

  it('refuses a path of unknown kind', async () => {
    const error = await loadBackboneWeights(mobilenetLike(), { backbone: 'VGG16', source: { path: join(dir, 'weights.bin') }, cacheDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WeightsError);
    expect(error).toMatchObject({ code: 'WEIGHTS_UNSUPPORTED', message: expect.stringContaining('.h5 or .hdf5') });
  });

  it("'imagenet' downloads the Keras file once into the cache and loads it", async () => {
    const file = join(dir, 'served.h5');
    await writeKerasH5Weights(source, file, { layout: 'keras2' });
    const bytes = await readFile(file);
    const server = await startTestServer((req, res) => {
      if (req.url === `/mobilenet_v2/${MOBILENET_FILE}`) res.writeHead(200, { 'content-length': String(bytes.length) }).end(bytes);
      else res.writeHead(404).end();
    });
    servers.push(server);
    const cacheDir = join(dir, 'cache');
    const progress: DownloadProgress[] = [];
    const options = {
      backbone: 'MOBILENET_V2' as const,
      alpha: 0.35,
      imageSize: 96,
      source: 'imagenet' as const,
      cacheDir,
      baseUrl: server.baseUrl,
      onProgress: (p: DownloadProgress) => progress.push(p),
    };
    const model = mobilenetLike();
    const info = await loadBackboneWeights(model, options);
    expect(info).toEqual({ kind: 'imagenet', hash: await sha256(file), path: join(cacheDir, MOBILENET_FILE) });
    expect(differingWeights(source, model)).toEqual([]);
    expect(progress.at(-1)?.received).toBe(bytes.length);

    const again = mobilenetLike();
    expect(await loadBackboneWeights(again, options)).toEqual(info);
    expect(differingWeights(source, again)).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("'imagenet' without a network fails with the manual-download advice", async () => {
    const port = await refusedPort();
    const error = await loadBackboneWeights(mobilenetLike(), {
      backbone: 'VGG16',
      source: 'imagenet',
      cacheDir: join(dir, 'cache'),
      baseUrl: `http://127.0.0.1:${port}`,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WEIGHTS_UNAVAILABLE' });
    expect((error as Error).message).toContain(`place it at ${join(dir, 'cache', 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5')}`);
  });
});
