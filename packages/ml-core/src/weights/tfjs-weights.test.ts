import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTfjsLayersWeights, readTfjsWeights } from './tfjs-weights';
import { exportTfjs } from './test-support/tfjs-export';
import { differingWeights, mobilenetLike, randomizeWeights, vggLike, weightValues } from './test-support/models';
import { expectWeightsError } from './test-support/expect-weights-error';

let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tfjs-weights-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadTfjsLayersWeights', () => {
  for (const [label, build] of [
    ['MobileNetV2-like', () => mobilenetLike()],
    ['VGG16-like', () => vggLike()],
  ] as const) {
    it(`loads every weight into the right layer (${label}) without leaking tensors`, async () => {
      const source = build();
      randomizeWeights(source, 'src');
      const modelJson = await exportTfjs(source, dir);
      const target = build();
      randomizeWeights(target, 'dst');
      expect(differingWeights(source, target).length).toBe(weightValues(source).size);

      const before = tf.memory().numTensors;
      const result = await loadTfjsLayersWeights(target, modelJson);
      expect(tf.memory().numTensors).toBe(before);
      expect(differingWeights(source, target)).toEqual([]);
      expect(result.layers).toBe(source.layers.filter((l) => l.weights.length > 0).length);
      const bin = await readFile(join(dir, 'group1-shard1of1.bin'));
      expect(result.sha256).toBe(createHash('sha256').update(bin).digest('hex'));
    });
  }

  it('reads weights split over several shards and hashes them in order', async () => {
    const source = mobilenetLike();
    randomizeWeights(source, 'shards');
    const modelJson = await exportTfjs(source, dir, { shards: 3 });
    const target = mobilenetLike();
    const result = await loadTfjsLayersWeights(target, modelJson);
    expect(differingWeights(source, target)).toEqual([]);
    const hash = createHash('sha256');
    for (const i of [1, 2, 3]) hash.update(await readFile(join(dir, `group1-shard${i}of3.bin`)));
    expect(result.sha256).toBe(hash.digest('hex'));
  });

  it('matches names carrying a sub-model prefix and ignores a head the model does not have', async () => {
    const source = mobilenetLike();
    randomizeWeights(source, 'prefixed');
    const modelJson = await exportTfjs(source, dir, {
      prefix: 'model2',
      extra: [
        { name: 'dense_Dense3/kernel', values: new Float32Array(8 * 3).fill(1), shape: [8, 3] },
        { name: 'dense_Dense3/bias', values: new Float32Array(3), shape: [3] },
      ],
    });
    const target = mobilenetLike();
    await loadTfjsLayersWeights(target, modelJson);
    expect(differingWeights(source, target)).toEqual([]);
  });

  it('dequantizes uint8 weights', async () => {
    const source = mobilenetLike();
    randomizeWeights(source, 'quantized');
    const modelJson = await exportTfjs(source, dir, { quantizeUint8: true });
    const target = mobilenetLike();
    randomizeWeights(target, 'other');
    const before = tf.memory().numTensors;
    await loadTfjsLayersWeights(target, modelJson);
    expect(tf.memory().numTensors).toBe(before);
    const want = weightValues(source);
    for (const [key, values] of weightValues(target)) {
      const expected = want.get(key) ?? [];
      const spread = Math.max(...expected) - Math.min(...expected);
      const worst = Math.max(...values.map((v, i) => Math.abs(v - (expected[i] ?? NaN))));
      expect(worst, key).toBeLessThanOrEqual(spread / 255 / 2 + 1e-6);
    }
  });

  it('rejects a file without a weight the model has', async () => {
    const modelJson = await exportTfjs(vggLike(), dir);
    const error = await expectWeightsError(loadTfjsLayersWeights(vggLike({ withBlock3: true }), modelJson), 'WEIGHTS_MISMATCH');
    expect(error.layer).toBe('block3_conv1');
    expect(error.message).toContain(`${modelJson} has no weight "block3_conv1/kernel" for layer "block3_conv1"`);
  });

  it('rejects weights of a different shape and leaves the model untouched', async () => {
    const modelJson = await exportTfjs(vggLike({ block1Filters: 8 }), dir);
    const target = vggLike();
    const before = weightValues(target);
    const error = await expectWeightsError(loadTfjsLayersWeights(target, modelJson), 'WEIGHTS_MISMATCH');
    expect(error.message).toContain('layer "block1_conv1" weight "kernel" has shape [3,3,3,4] in the model but [3,3,3,8] in the file');
    expect(weightValues(target)).toEqual(before);
  });

  it('rejects names that match two weights of the file', async () => {
    const source = vggLike();
    await exportTfjs(source, dir, { prefix: 'a' });
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] };
    const first = json.weightsManifest[0];
    // a/block1_conv2/kernel becomes a second candidate for block1_conv1/kernel.
    if (first?.weights[2]) first.weights[2].name = 'b/block1_conv1/kernel';
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const error = await expectWeightsError(loadTfjsLayersWeights(vggLike(), join(dir, 'model.json')), 'WEIGHTS_MISMATCH');
    expect(error.message).toContain('several weights that could be "block1_conv1/kernel": a/block1_conv1/kernel, b/block1_conv1/kernel');
  });

  it('rejects truncated shards', async () => {
    const modelJson = await exportTfjs(vggLike(), dir);
    const bin = join(dir, 'group1-shard1of1.bin');
    const bytes = await readFile(bin);
    await writeFile(bin, bytes.subarray(0, bytes.length >> 1));
    const error = await expectWeightsError(loadTfjsLayersWeights(vggLike(), modelJson), 'WEIGHTS_CORRUPT');
    expect(error.message).toContain(`hold ${bytes.length >> 1} bytes but the manifest describes ${bytes.length}`);
  });

  it('reports a missing shard with its path', async () => {
    const modelJson = await exportTfjs(vggLike(), dir, { shards: 2 });
    await rm(join(dir, 'group1-shard2of2.bin'));
    const error = await expectWeightsError(loadTfjsLayersWeights(vggLike(), modelJson), 'WEIGHTS_UNAVAILABLE');
    expect(error.message).toContain(join(dir, 'group1-shard2of2.bin'));
    expect(error.message).toContain(modelJson);
  });

  it('rejects a model.json that is not JSON, has no manifest, or points outside its folder', async () => {
    const path = join(dir, 'model.json');
    await writeFile(path, '{"weightsManifest": [');
    expect((await expectWeightsError(loadTfjsLayersWeights(vggLike(), path), 'WEIGHTS_CORRUPT')).message).toMatch(/not valid JSON/);
    await writeFile(path, JSON.stringify({ modelTopology: {} }));
    expect((await expectWeightsError(loadTfjsLayersWeights(vggLike(), path), 'WEIGHTS_CORRUPT')).message).toMatch(/weightsManifest/);
    await writeFile(path, JSON.stringify({ weightsManifest: [{ paths: ['../outside.bin'], weights: [] }] }));
    expect((await expectWeightsError(loadTfjsLayersWeights(vggLike(), path), 'WEIGHTS_CORRUPT')).message).toMatch(/outside the model's folder/);
    await writeFile(path, JSON.stringify({ format: 'graph-model', weightsManifest: [] }));
    await expectWeightsError(loadTfjsLayersWeights(vggLike(), path), 'WEIGHTS_UNSUPPORTED');
  });
});

// The shared TensorFlow.js export of Keras's MobileNetV2 0.35 (see ENVIRONMENT.md). Optional: it checks
// that the manifest parsing fits a real export, and nothing else depends on it.
const REAL_MODEL_JSON = fileURLToPath(new URL('../../../../../shared/models/mobilenet_v2_035_224_imagenet_base/model.json', import.meta.url));

describe.skipIf(!existsSync(REAL_MODEL_JSON))('a real TensorFlow.js MobileNetV2 export', () => {
  it('parses its manifest to exactly the bytes of weights.bin', async () => {
    const weights = await readTfjsWeights(REAL_MODEL_JSON);
    expect(weights.entries).toHaveLength(263);
    const last = weights.entries.at(-1);
    const size = (await stat(join(REAL_MODEL_JSON, '..', 'weights.bin'))).size;
    expect((last?.byteOffset ?? 0) + (last?.byteLength ?? 0)).toBe(size);
    expect(weights.entries.map((e) => e.spec.name)).toContain('block_16_project_BN/moving_variance');
  });

  it('loads into its own base sub-model, head ignored', async () => {
    const json = JSON.parse(await readFile(REAL_MODEL_JSON, 'utf8')) as { modelTopology: { config: { layers: { config: { layers: unknown[] } }[] } } };
    // Sequential > Sequential > Model "model2": rebuild just the base from its own config.
    const baseConfig = json.modelTopology.config.layers[0]?.config.layers[0];
    const base = (await tf.models.modelFromJSON({ modelTopology: baseConfig as tf.io.ModelJSON['modelTopology'] })) as tf.LayersModel;
    expect(base.name).toBe('model2');
    const before = tf.memory().numTensors;
    const result = await loadTfjsLayersWeights(base, REAL_MODEL_JSON);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.layers).toBe(base.layers.filter((l) => l.weights.length > 0).length);
    const kernel = base.getLayer('Conv1').getWeights()[0];
    const weights = await readTfjsWeights(REAL_MODEL_JSON);
    const entry = weights.entries[0];
    expect(entry?.spec.name).toBe('Conv1/kernel');
    const expected = new Float32Array(entry?.buffer.buffer.slice(entry.buffer.byteOffset, entry.buffer.byteOffset + entry.byteLength) as ArrayBuffer);
    expect(Array.from(kernel?.dataSync() ?? [])).toEqual(Array.from(expected));
    base.dispose();
  });
});
