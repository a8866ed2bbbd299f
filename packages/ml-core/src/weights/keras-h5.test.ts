import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import h5wasm, { type Group } from 'h5wasm/node';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kerasShortWeightName, loadKerasH5Weights, writeKerasH5Weights } from './keras-h5';
import { differingWeights, mobilenetLike, randomizeWeights, vggLike, weightValues } from './test-support/models';
import { expectWeightsError } from './test-support/expect-weights-error';

let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keras-h5-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadKerasH5Weights', () => {
  for (const layout of ['legacy', 'keras2'] as const) {
    for (const [label, build] of [
      ['VGG16-like', () => vggLike()],
      ['MobileNetV2-like', () => mobilenetLike()],
    ] as const) {
      it(`puts every array of a ${layout} file into the right layer (${label})`, async () => {
        const source = build();
        randomizeWeights(source, 'source');
        const path = join(dir, 'w.h5');
        await writeKerasH5Weights(source, path, { layout });

        const target = build();
        randomizeWeights(target, 'target');
        expect(differingWeights(source, target).length).toBe(weightValues(source).size);

        const before = tf.memory().numTensors;
        const result = await loadKerasH5Weights(target, path);
        expect(tf.memory().numTensors).toBe(before);

        expect(differingWeights(source, target)).toEqual([]);
        expect(result.layers).toBe(source.layers.filter((l) => l.weights.length > 0).length);
        expect(result.sha256).toBe(createHash('sha256').update(await readFile(path)).digest('hex'));
      });
    }
  }

  it('writes the names Keras uses in each layout', async () => {
    const model = mobilenetLike();
    const legacy = join(dir, 'legacy.h5');
    const keras2 = join(dir, 'keras2.h5');
    await writeKerasH5Weights(model, legacy, { layout: 'legacy' });
    await writeKerasH5Weights(model, keras2, { layout: 'keras2' });
    const { File } = h5wasm;
    await h5wasm.ready;
    const a = new File(legacy, 'r');
    const b = new File(keras2, 'r');
    try {
      expect(a.attrs.layer_names?.value).toEqual(model.layers.map((l) => l.name));
      expect((a.get('bn_Conv1') as Group | null)?.attrs.weight_names?.value).toEqual([
        'bn_Conv1_gamma_1:0',
        'bn_Conv1_beta_1:0',
        'bn_Conv1_running_mean_1:0',
        'bn_Conv1_running_std_1:0',
      ]);
      expect(a.get('Conv1/Conv1_W_1:0')).toBeInstanceOf(h5wasm.Dataset);
      expect((a.get('Conv1_pad') as Group | null)?.attrs.weight_names?.value).toEqual([]);
      expect((b.get('Conv1') as Group | null)?.attrs.weight_names?.value).toEqual(['Conv1/kernel:0']);
      expect(b.get('Conv1/Conv1/kernel:0')).toBeInstanceOf(h5wasm.Dataset);
      expect(b.attrs.backend?.value).toBe('tensorflow');
      expect(typeof b.attrs.keras_version?.value).toBe('string');
    } finally {
      a.close();
      b.close();
    }
  });

  it('reads weights from the model_weights group of a whole-model file', async () => {
    const source = vggLike();
    randomizeWeights(source, 'a');
    const path = join(dir, 'whole-model.h5');
    await writeKerasH5Weights(source, path, { layout: 'keras2', modelWeightsGroup: true });
    const target = vggLike();
    randomizeWeights(target, 'b');
    await loadKerasH5Weights(target, path);
    expect(differingWeights(source, target)).toEqual([]);
  });

  it('finds legacy datasets nested under a group named after the layer, and matches BN arrays by name', async () => {
    const source = mobilenetLike();
    randomizeWeights(source, 'nested');
    const path = join(dir, 'hand-made.h5');
    await h5wasm.ready;
    const out = new h5wasm.File(path, 'w');
    try {
      const names = source.layers.map((l) => l.name);
      out.create_attribute('layer_names', names, [names.length], 'A40');
      for (const layer of source.layers) {
        const group = out.create_group(layer.name);
        const values = layer.getWeights();
        const entries = layer.weights.map((w, i) => ({ short: w.originalName.split('/').pop() ?? '', tensor: values[i] }));
        if (layer.name.endsWith('BN') || layer.name.startsWith('bn_')) {
          // keras2 names, moving statistics listed first: only names can put these in the right slots.
          entries.reverse();
          const weightNames = entries.map((e) => `${layer.name}/${e.short}:0`);
          group.create_attribute('weight_names', weightNames, [weightNames.length], 'A60');
          const inner = group.create_group(layer.name);
          for (const e of entries) {
            inner.create_dataset({ name: `${e.short}:0`, data: e.tensor?.dataSync() as Float32Array, shape: e.tensor?.shape as number[] });
          }
        } else {
          const weightNames = entries.map((_, i) => `${layer.name}_W_${i + 1}:0`);
          group.create_attribute('weight_names', weightNames, [weightNames.length], 'A60');
          if (entries.length > 0) {
            const inner = group.create_group(layer.name);
            entries.forEach((e, i) => {
              inner.create_dataset({ name: weightNames[i] ?? '', data: e.tensor?.dataSync() as Float32Array, shape: e.tensor?.shape as number[] });
            });
          }
        }
      }
    } finally {
      out.close();
    }
    const target = mobilenetLike();
    randomizeWeights(target, 'other');
    await loadKerasH5Weights(target, path);
    expect(differingWeights(source, target)).toEqual([]);
  });

  it('rejects a truncated file as corrupt, naming the file', async () => {
    const path = join(dir, 'truncated.h5');
    await writeKerasH5Weights(vggLike(), path, { layout: 'keras2' });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = vggLike();
    const before = weightValues(target);
    const error = await expectWeightsError(loadKerasH5Weights(target, path), 'WEIGHTS_CORRUPT');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/truncated/);
    expect(error.message).toMatch(/download or export it again/);
    expect(weightValues(target)).toEqual(before);
  });

  it('rejects a file that is not HDF5', async () => {
    const path = join(dir, 'weights.h5');
    await writeFile(path, '<html>404 Not Found</html>\n'.repeat(50));
    const error = await expectWeightsError(loadKerasH5Weights(vggLike(), path), 'WEIGHTS_CORRUPT');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/not a readable HDF5 file \(file signature not found\)/);
  });

  it('rejects an HDF5 file that is not a Keras weights file', async () => {
    const path = join(dir, 'plain.h5');
    await h5wasm.ready;
    const f = new h5wasm.File(path, 'w');
    f.create_dataset({ name: 'x', data: new Float32Array([1, 2]), shape: [2] });
    f.close();
    const error = await expectWeightsError(loadKerasH5Weights(vggLike(), path), 'WEIGHTS_CORRUPT');
    expect(error.message).toMatch(/no "layer_names" attribute/);
  });

  it('reports a missing file as unavailable', async () => {
    const path = join(dir, 'nope.h5');
    const error = await expectWeightsError(loadKerasH5Weights(vggLike(), path), 'WEIGHTS_UNAVAILABLE');
    expect(error.message).toContain(path);
  });

  it('rejects a file from a different architecture (shape mismatch) and leaves the model untouched', async () => {
    const path = join(dir, 'other.h5');
    await writeKerasH5Weights(vggLike({ block1Filters: 8 }), path, { layout: 'legacy' });
    const target = vggLike();
    randomizeWeights(target, 't');
    const before = weightValues(target);
    const tensorsBefore = tf.memory().numTensors;
    const error = await expectWeightsError(loadKerasH5Weights(target, path), 'WEIGHTS_MISMATCH');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(error.layer).toBe('block1_conv1');
    expect(error.message).toContain(path);
    expect(error.message).toContain('"block1_conv1" weight "kernel" has shape [3,3,3,4] in the model but [3,3,3,8] in the file');
    expect(error.message).toMatch(/different architecture/);
    expect(weightValues(target)).toEqual(before);
  });

  it('rejects a file that lacks a layer the model has weights for', async () => {
    const path = join(dir, 'short.h5');
    await writeKerasH5Weights(vggLike(), path, { layout: 'keras2' });
    const target = vggLike({ withBlock3: true });
    const error = await expectWeightsError(loadKerasH5Weights(target, path), 'WEIGHTS_MISMATCH');
    expect(error.layer).toBe('block3_conv1');
    expect(error.message).toContain('no weights for layer "block3_conv1" (kernel [3,3,6,6], bias [6])');
    expect(error.message).toContain('block1_conv1, block1_conv2, block2_conv1');
  });

  it('ignores file layers the model does not have (a notop model from a full file)', async () => {
    const full = vggLike({ withBlock3: true });
    randomizeWeights(full, 'full');
    const path = join(dir, 'full.h5');
    await writeKerasH5Weights(full, path, { layout: 'legacy' });
    const notop = vggLike();
    await loadKerasH5Weights(notop, path);
    const fullValues = weightValues(full);
    for (const [key, values] of weightValues(notop)) expect(values).toEqual(fullValues.get(key));
  });

  it('loads into a backbone nested inside a bigger model by leaf layer names', async () => {
    const source = vggLike();
    randomizeWeights(source, 's');
    const path = join(dir, 'nested.h5');
    await writeKerasH5Weights(source, path, { layout: 'keras2' });
    const backbone = vggLike();
    const wrapper = tf.sequential({ layers: [backbone, tf.layers.flatten({ name: 'flat' })] });
    const result = await loadKerasH5Weights(wrapper, path);
    expect(result.layers).toBe(3);
    expect(differingWeights(source, backbone)).toEqual([]);
  });

  it('leaves no temporary files next to a written file', async () => {
    await writeKerasH5Weights(vggLike(), join(dir, 'w.h5'), { layout: 'keras2' });
    expect(await readdir(dir)).toEqual(['w.h5']);
  });
});

describe('kerasShortWeightName', () => {
  it.each([
    ['block1_conv1', 'block1_conv1_W_1:0', 'kernel'],
    ['block1_conv1', 'block1_conv1_b_1:0', 'bias'],
    ['block1_conv1', 'block1_conv1/kernel:0', 'kernel'],
    ['bn_Conv1', 'bn_Conv1/moving_variance:0', 'moving_variance'],
    ['bn', 'bn_running_std_2:0', 'moving_variance'],
    ['expanded_conv_depthwise', 'expanded_conv_depthwise/depthwise_kernel:0', 'depthwise_kernel'],
  ])('%s %s → %s', (layer, weight, short) => {
    expect(kerasShortWeightName(layer, weight)).toBe(short);
  });
});
