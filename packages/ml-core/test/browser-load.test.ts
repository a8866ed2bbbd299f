import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/model-files/load-model';
import { createFrozenNetwork, runFrozenRows } from '../src/onnx/frozen-network';
import { saveModel } from '../src/model-files/save-model';
import { disposeModelWeights, trainClassifier, type TrainResult } from '../src/training/train-classifier';
import { makeShapesDataset } from './training-fixtures';

// Debian's Chromium (installed by .ci/run); never a downloaded browser.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

// VGG16 is all built-in layers; EfficientNetB0 holds ml-core's own Normalization and per-channel
// Rescaling, which must be saved as layers plain TensorFlow.js knows.
const CASES = [
  { backbone: 'VGG16', seed: 9 },
  { backbone: 'EFFICIENTNET_B0', seed: 3 },
] as const;

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('a saved model in a browser', () => {
  let dataset: Awaited<ReturnType<typeof makeShapesDataset>>;
  let dir: string;
  const trained = new Map<string, TrainResult>();
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    dataset = await makeShapesDataset({ imagesPerClass: 10 });
    dir = await mkdtemp(join(tmpdir(), 'transferlab-browser-'));
    for (const { backbone, seed } of CASES) {
      const result = await trainClassifier({
        datasetDir: dataset.dir,
        config: { strategy: 'FEATURE_EXTRACTION', backbone, pretrained: false, imageSize: 32, batchSize: 8, epochs: 2, seed },
      });
      giveNormalizationStatistics(result.model);
      await saveModel(join(dir, backbone), result.model, result.metadata);
      trained.set(backbone, result);
    }
    const tfjsBundle = join(createRequire(import.meta.url).resolve('@tensorflow/tfjs'), '../../dist/tf.min.js');
    // A plain static server: the model folders exactly as saved, plus TensorFlow.js itself.
    server = createServer(async (req, res) => {
      const path = req.url === '/tf.min.js' ? tfjsBundle : join(dir, (req.url ?? '').replace(/^\/+/, ''));
      try {
        const body = await readFile(path);
        res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : path.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    for (const result of trained.values()) result.dispose();
    await dataset?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(CASES)('a $backbone model loads with tf.loadLayersModel from its URL and predicts what Node predicts', async ({ backbone }) => {
    const model = trained.get(backbone)!.model;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const input = tf.randomUniform([3, 32, 32, 3], 0, 255, 'float32', 4);
    const expected = (await (model.predict(input) as tf.Tensor).array()) as number[][];
    const data = Array.from(await input.data());
    input.dispose();

    const page = await browser.newPage();
    await page.goto(`${base}/${backbone}/metadata.json`);
    await page.addScriptTag({ url: `${base}/tf.min.js` });
    const inBrowser = await page.evaluate(
      async ({ url, data }) => {
        const tfb = (globalThis as unknown as { tf: typeof tf }).tf;
        const model = await tfb.loadLayersModel(url);
        const out = model.predict(tfb.tensor4d(data, [3, 32, 32, 3])) as tf.Tensor;
        return { probs: (await out.array()) as number[][] };
      },
      { url: `${base}/${backbone}/model.json`, data },
    );
    await page.close();
    expect(inBrowser.probs).toHaveLength(3);
    inBrowser.probs.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(expected[i]![j]!, 4)));
  });

  it('saves no layer class of ml-core\'s own, and loads again in Node with them rewritten', async () => {
    const modelJson = JSON.parse(await readFile(join(dir, 'EFFICIENTNET_B0', 'model.json'), 'utf8'));
    const classes = new Set((modelJson.modelTopology.config.layers as { class_name: string }[]).map((l) => l.class_name));
    expect(classes).not.toContain('Normalization');
    expect(classes).not.toContain('ChannelRescaling');
    const names = (modelJson.weightsManifest[0].weights as { name: string }[]).map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['normalization/moving_mean', 'normalization/moving_variance', 'rescaling_1/gamma']));
    expect(names).not.toContain('normalization/count');

    const original = trained.get('EFFICIENTNET_B0')!.model;
    const loaded = await loadModel(join(dir, 'EFFICIENTNET_B0'));
    const pixels = [0, 1].map((i) => Uint8Array.from({ length: 32 * 32 * 3 }, (_, k) => (k * 37 + i * 101) % 256));
    const input = tf.tensor4d(Float32Array.from(pixels.flatMap((p) => [...p])), [2, 32, 32, 3]);
    const want = (original.predict(input) as tf.Tensor).arraySync() as number[][];
    const got = (loaded.model.predict(input) as tf.Tensor).arraySync() as number[][];
    tf.dispose(input);
    got.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(want[i]![j]!, 5)));
    // The API predicts on ONNX Runtime: the rewritten layers translate there too.
    expect(loaded.metadata.preprocessing).toBe('none');
    const network = await createFrozenNetwork(loaded.model, { preprocessing: loaded.metadata.preprocessing });
    try {
      expect(network.engine).toBe('onnxruntime');
      const rows = await runFrozenRows(network, pixels, 2);
      rows.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(want[i]![j]!, 4)));
    } finally {
      await network.dispose();
      disposeModelWeights(loaded.model);
    }
  });
});

/** Random-init Normalization is the identity (mean 0, variance 1), which would hide a wrong rewrite. */
function giveNormalizationStatistics(model: tf.LayersModel): void {
  const layer = model.layers.find((l) => l.getClassName() === 'Normalization');
  if (!layer) return;
  layer.setWeights([tf.tensor1d([0.485, 0.456, 0.406]), tf.tensor1d([0.052, 0.05, 0.063]), tf.scalar(1000)]);
}
