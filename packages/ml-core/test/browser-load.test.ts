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
import { saveModel } from '../src/model-files/save-model';
import { trainClassifier, type TrainResult } from '../src/training/train-classifier';
import { makeShapesDataset } from './training-fixtures';

// Debian's Chromium (installed by .ci/run); never a downloaded browser.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('a saved model in a browser', () => {
  let dataset: Awaited<ReturnType<typeof makeShapesDataset>>;
  let dir: string;
  let trained: TrainResult;
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    dataset = await makeShapesDataset({ imagesPerClass: 10 });
    dir = await mkdtemp(join(tmpdir(), 'transferlab-browser-'));
    trained = await trainClassifier({
      datasetDir: dataset.dir,
      config: { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 8, epochs: 2, seed: 9 },
    });
    await saveModel(join(dir, 'model'), trained.model, trained.metadata);
    const tfjsBundle = join(createRequire(import.meta.url).resolve('@tensorflow/tfjs'), '../../dist/tf.min.js');
    // A plain static server: the model folder exactly as saved, plus TensorFlow.js itself.
    server = createServer(async (req, res) => {
      const path = req.url === '/tf.min.js' ? tfjsBundle : join(dir, 'model', (req.url ?? '').replace(/^\/model\//, ''));
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
    trained?.dispose();
    await dataset?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads with tf.loadLayersModel from its URL and predicts what Node predicts', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const input = tf.randomUniform([3, 32, 32, 3], -120, 120, 'float32', 4);
    const expected = (await (trained.model.predict(input) as tf.Tensor).array()) as number[][];
    const data = Array.from(await input.data());
    input.dispose();

    const page = await browser.newPage();
    await page.goto(`${base}/model/metadata.json`);
    await page.addScriptTag({ url: `${base}/tf.min.js` });
    const inBrowser = await page.evaluate(
      async ({ url, data }) => {
        const tfb = (globalThis as unknown as { tf: typeof tf }).tf;
        const model = await tfb.loadLayersModel(url);
        const out = model.predict(tfb.tensor4d(data, [3, 32, 32, 3])) as tf.Tensor;
        return { probs: (await out.array()) as number[][] };
      },
      { url: `${base}/model/model.json`, data },
    );
    await page.close();
    expect(inBrowser.probs).toHaveLength(3);
    inBrowser.probs.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(expected[i]![j]!, 4)));
  });
});
