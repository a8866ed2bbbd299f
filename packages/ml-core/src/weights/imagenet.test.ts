import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadProgress } from './download';
import {
  ensureImagenetWeights,
  IMAGENET_WEIGHTS,
  imagenetWeightsLocation,
  kerasAlpha,
  KERAS_APPLICATIONS_BASE_URL,
} from './imagenet';
import { loadKerasH5Weights, writeKerasH5Weights } from './keras-h5';
import { refusedPort, startTestServer, type TestServer } from './test-support/http';
import { differingWeights, randomizeWeights, vggLike } from './test-support/models';
import { expectWeightsError } from './test-support/expect-weights-error';

const VGG_FILE = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
const VGG_PATH = `/vgg16/${VGG_FILE}`;

let dir: string;
let cacheDir: string;
let servers: TestServer[];
let h5Bytes: Buffer;
let h5Md5: string;
let source: tf.LayersModel;

const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

beforeAll(async () => {
  await tf.setBackend('cpu');
  const scratch = await mkdtemp(join(tmpdir(), 'imagenet-src-'));
  source = vggLike();
  randomizeWeights(source, 'served');
  await writeKerasH5Weights(source, join(scratch, 'w.h5'), { layout: 'legacy' });
  h5Bytes = await readFile(join(scratch, 'w.h5'));
  h5Md5 = md5(h5Bytes);
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagenet-'));
  cacheDir = join(dir, 'cache', 'models');
  servers = [];
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function serve(handler: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const server = await startTestServer(handler);
  servers.push(server);
  return server;
}

/** Serves `bytes` at the VGG16 path in three chunks, 404 elsewhere. */
function serveFile(bytes: Uint8Array) {
  return serve((req, res) => {
    if (req.url !== VGG_PATH) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
    const third = Math.ceil(bytes.length / 3);
    res.write(bytes.subarray(0, third));
    setTimeout(() => {
      res.write(bytes.subarray(third, 2 * third));
      setTimeout(() => res.end(bytes.subarray(2 * third)), 10);
    }, 10);
  });
}

async function filesUnder(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

describe('imagenetWeightsLocation', () => {
  it('points VGG16 at the official keras-applications notop file and md5', () => {
    expect(imagenetWeightsLocation({ backbone: 'VGG16' })).toEqual({
      label: 'VGG16',
      fileName: VGG_FILE,
      url: 'https://storage.googleapis.com/tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
      md5: '6d6bbae143d832006294945121d1f1fc',
    });
    expect(IMAGENET_WEIGHTS.VGG16.md5).toBe('6d6bbae143d832006294945121d1f1fc');
  });

  it('points ResNet50 and EfficientNetB0 at the files and md5s keras.applications checks (resnet.py, efficientnet.py)', () => {
    expect(imagenetWeightsLocation({ backbone: 'RESNET50' })).toEqual({
      label: 'ResNet50',
      fileName: 'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
      url: 'https://storage.googleapis.com/tensorflow/keras-applications/resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
      md5: '4d473c1dd8becc155b73f8504c6f6626',
    });
    expect(imagenetWeightsLocation({ backbone: 'EFFICIENTNET_B0' })).toEqual({
      label: 'EfficientNetB0',
      fileName: 'efficientnetb0_notop.h5',
      url: 'https://storage.googleapis.com/keras-applications/efficientnetb0_notop.h5',
      md5: '50bc09e76180e00e4465e1a485ddc09d',
    });
    // A mirror holds EfficientNet's file at its root, the others in their Keras folders.
    expect(imagenetWeightsLocation({ backbone: 'EFFICIENTNET_B0', baseUrl: 'http://mirror/x/' }).url).toBe('http://mirror/x/efficientnetb0_notop.h5');
    expect(imagenetWeightsLocation({ backbone: 'RESNET50', baseUrl: 'http://mirror/x' }).url).toBe('http://mirror/x/resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5');
  });

  it('names MobileNetV2 files the way Keras does, without a published md5', () => {
    expect(imagenetWeightsLocation({ backbone: 'MOBILENET_V2' }).url).toBe(
      `${KERAS_APPLICATIONS_BASE_URL}/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5`,
    );
    const small = imagenetWeightsLocation({ backbone: 'MOBILENET_V2', alpha: 0.35, imageSize: 96, baseUrl: 'http://mirror/x/' });
    expect(small.url).toBe('http://mirror/x/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5');
    expect(small.md5).toBeUndefined();
    expect(imagenetWeightsLocation({ backbone: 'MOBILENET_V2', alpha: 0.5, imageSize: 160 }).fileName).toBe(
      'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.5_160_no_top.h5',
    );
    // Like keras.applications: an input size with no published file uses the 224 one.
    expect(imagenetWeightsLocation({ backbone: 'MOBILENET_V2', alpha: 1.4, imageSize: 300 }).fileName).toBe(
      'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.4_224_no_top.h5',
    );
    expect(['0.35', '0.5', '0.75', '1.0', '1.3', '1.4']).toEqual(IMAGENET_WEIGHTS.MOBILENET_V2.alphas.map(kerasAlpha));
  });

  it('refuses an alpha Keras publishes no weights for', () => {
    expect(() => imagenetWeightsLocation({ backbone: 'MOBILENET_V2', alpha: 0.6 })).toThrow(
      expect.objectContaining({ code: 'WEIGHTS_UNSUPPORTED', message: expect.stringContaining('0.35, 0.5, 0.75, 1.0, 1.3, 1.4') }),
    );
  });
});

describe('ensureImagenetWeights', () => {
  it('downloads, verifies and caches the file; the second call makes no request', async () => {
    const server = await serveFile(h5Bytes);
    const progress: DownloadProgress[] = [];
    const first = await ensureImagenetWeights({
      backbone: 'VGG16',
      cacheDir,
      baseUrl: server.baseUrl,
      expectedMd5: h5Md5,
      onProgress: (p) => progress.push(p),
    });
    expect(first).toEqual({
      path: join(cacheDir, VGG_FILE),
      md5: h5Md5,
      sha256: createHash('sha256').update(h5Bytes).digest('hex'),
      downloaded: true,
    });
    expect(Buffer.compare(await readFile(first.path), h5Bytes)).toBe(0);
    expect(await filesUnder(cacheDir)).toEqual([VGG_FILE]);
    expect(server.requests).toEqual([VGG_PATH]);

    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toEqual({ url: `${server.baseUrl}${VGG_PATH}`, received: h5Bytes.length, total: h5Bytes.length });
    progress.slice(1).forEach((p, i) => expect(p.received).toBeGreaterThan(progress[i]?.received ?? Infinity));

    const second = await ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: server.baseUrl, expectedMd5: h5Md5 });
    expect(second).toEqual({ ...first, downloaded: false });
    expect(server.requests).toHaveLength(1);

    // The downloaded file is a usable weights file.
    const target = vggLike();
    await loadKerasH5Weights(target, second.path);
    expect(differingWeights(source, target)).toEqual([]);
  });

  it('discards a download whose md5 is wrong and says expected vs got', async () => {
    const server = await serveFile(h5Bytes);
    const wrong = 'ffffffffffffffffffffffffffffffff';
    const error = await expectWeightsError(ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: server.baseUrl, expectedMd5: wrong }));
    expect(error.code).toBe('WEIGHTS_CORRUPT');
    expect(error.message).toContain(`expected ${wrong}, got ${h5Md5}`);
    expect(error.message).toContain('the bad file was discarded');
    expect(error.message).toContain(`${server.baseUrl}${VGG_PATH}`);
    expect(error.message).toContain(join(cacheDir, VGG_FILE));
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it('checks the official md5 by default', async () => {
    const server = await serveFile(h5Bytes);
    const error = await expectWeightsError(ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: server.baseUrl }));
    expect(error.code).toBe('WEIGHTS_CORRUPT');
    expect(error.message).toContain(`expected 6d6bbae143d832006294945121d1f1fc, got ${h5Md5}`);
  });

  it('reports HTTP 404 with the URL, the cache path and how to supply the file by hand', async () => {
    const server = await serve((_req, res) => res.writeHead(404, 'Not Found').end('nothing here'));
    const error = await expectWeightsError(ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: server.baseUrl }));
    expect(error.code).toBe('WEIGHTS_UNAVAILABLE');
    expect(error.message).toBe(
      `Could not download VGG16 ImageNet weights from ${server.baseUrl}${VGG_PATH} (HTTP 404 Not Found). ` +
        `Download that file on a machine with internet access and place it at ${join(cacheDir, VGG_FILE)} ` +
        '(md5 6d6bbae143d832006294945121d1f1fc), or pass a local .h5 path as the weights.',
    );
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it('fails fast when the connection is refused', async () => {
    const port = await refusedPort();
    const started = Date.now();
    const error = await expectWeightsError(ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: `http://127.0.0.1:${port}` }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.code).toBe('WEIGHTS_UNAVAILABLE');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).toContain(`http://127.0.0.1:${port}${VGG_PATH}`);
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it('times out when the server accepts but never answers', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const error = await expectWeightsError(ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: server.baseUrl, timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.code).toBe('WEIGHTS_UNAVAILABLE');
    expect(error.message).toContain('(no response within 300 ms)');
    expect(server.requests).toEqual([VGG_PATH]);
  });

  it('times out a download that stalls and leaves no partial file', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(h5Bytes.length) });
      res.write(h5Bytes.subarray(0, 100));
    });
    const error = await expectWeightsError(
      ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: server.baseUrl, expectedMd5: h5Md5, idleTimeoutMs: 300 }),
    );
    expect(error.code).toBe('WEIGHTS_UNAVAILABLE');
    expect(error.message).toContain('the download stalled: no data for 300 ms after 100 bytes');
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it('rejects a body cut short by the server', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(h5Bytes.length) });
      res.write(h5Bytes.subarray(0, 100), () => res.destroy());
    });
    const error = await expectWeightsError(ensureImagenetWeights({ backbone: 'MOBILENET_V2', alpha: 0.35, cacheDir, baseUrl: server.baseUrl }));
    expect(error.code).toBe('WEIGHTS_UNAVAILABLE');
    expect(error.message).toContain('mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5');
    // 0 or 100: the client may or may not have read the first write before the socket was destroyed.
    expect(error.message).toMatch(new RegExp(`\\(the connection broke after (0|100) of ${h5Bytes.length} bytes: `));
    expect(error.message).not.toContain('(md5');
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it('words a DNS failure from fetch', async () => {
    const dnsFailure: typeof fetch = () =>
      Promise.reject(
        new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND storage.googleapis.com'), { code: 'ENOTFOUND' }) }),
      );
    const error = await expectWeightsError(ensureImagenetWeights({ backbone: 'VGG16', cacheDir, fetch: dnsFailure }));
    expect(error.code).toBe('WEIGHTS_UNAVAILABLE');
    expect(error.message).toContain(`from ${KERAS_APPLICATIONS_BASE_URL}/vgg16/${VGG_FILE} (getaddrinfo ENOTFOUND storage.googleapis.com)`);
  });

  it('replaces a cached file with the wrong md5 only by a verified download, and never deletes it on failure', async () => {
    await mkdir(cacheDir, { recursive: true });
    const cachedPath = join(cacheDir, VGG_FILE);
    await writeFile(cachedPath, 'stale');

    const down = await serve((_req, res) => res.writeHead(503).end());
    const error = await expectWeightsError(ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: down.baseUrl, expectedMd5: h5Md5 }));
    expect(error.message).toContain(`The file already at ${cachedPath} has md5 ${md5(Buffer.from('stale'))}, not ${h5Md5}.`);
    expect(await readFile(cachedPath, 'utf8')).toBe('stale');

    const up = await serveFile(h5Bytes);
    const result = await ensureImagenetWeights({ backbone: 'VGG16', cacheDir, baseUrl: up.baseUrl, expectedMd5: h5Md5 });
    expect(result.downloaded).toBe(true);
    expect(md5(await readFile(cachedPath))).toBe(h5Md5);
    expect(await filesUnder(cacheDir)).toEqual([VGG_FILE]);
  });

  it('uses any cached MobileNetV2 file, since Keras publishes no md5 for it', async () => {
    const server = await serve((_req, res) => res.writeHead(500).end());
    const fileName = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.75_128_no_top.h5';
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, fileName), h5Bytes);
    const result = await ensureImagenetWeights({ backbone: 'MOBILENET_V2', alpha: 0.75, imageSize: 128, cacheDir, baseUrl: server.baseUrl });
    expect(result).toMatchObject({ path: join(cacheDir, fileName), md5: h5Md5, downloaded: false });
    expect(server.requests).toEqual([]);
  });
});
