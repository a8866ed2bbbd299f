import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBackbone } from '../backbones';
import { checkBackboneWeights } from './check-backbone-weights';
import { loadKerasH5Weights } from './keras-h5';
import { writeKerasH5Weights } from './keras-h5-writer';
import { exportTfjs } from './test-support/tfjs-export';
import { differingWeights, randomizeWeights } from './test-support/models';
import { expectWeightsError } from './test-support/expect-weights-error';

let dir: string;
const dispose = (model: tf.LayersModel) => model.weights.forEach((w) => w.dispose());

beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'check-weights-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkBackboneWeights', () => {
  it('accepts a TF.js export of the backbone and writes the same weights as one Keras h5 file, leaking no tensors', async () => {
    const source = buildBackbone('MOBILENET_V2', { imageSize: 96, alpha: 0.35 });
    randomizeWeights(source, 'uploaded');
    const modelJson = await exportTfjs(source, dir, { prefix: 'model2' });
    const h5 = join(dir, 'converted.h5');

    const before = tf.memory().numTensors;
    const checked = await checkBackboneWeights({ backbone: 'MOBILENET_V2', alpha: 0.35, path: modelJson, format: 'tfjs', writeH5To: h5 });
    expect(tf.memory().numTensors).toBe(before);

    const reloaded = buildBackbone('MOBILENET_V2', { imageSize: 128, alpha: 0.35 });
    const loaded = await loadKerasH5Weights(reloaded, h5);
    expect(loaded.sha256).toBe(checked.sha256);
    expect(checked.layers).toBe(loaded.layers);
    expect(differingWeights(source, reloaded)).toEqual([]);
    dispose(source);
    dispose(reloaded);
  });

  it('refuses weights of another width, naming the first layer whose shape differs', async () => {
    const other = buildBackbone('MOBILENET_V2', { imageSize: 96, alpha: 0.5 });
    const h5 = join(dir, 'alpha-0.5.h5');
    await writeKerasH5Weights(other, h5, { layout: 'keras2' });
    dispose(other);

    const error = await expectWeightsError(checkBackboneWeights({ backbone: 'MOBILENET_V2', alpha: 0.35, path: h5, format: 'h5' }), 'WEIGHTS_MISMATCH');
    // Both widths round the first layers to the same channel counts; the first to differ is block 1's projection.
    expect(error.layer).toBe('block_1_project');
    expect(error.message).toMatch(/layer "block_1_project" weight "kernel" has shape \[1,1,\d+,8\] in the model but \[1,1,\d+,16\] in the file/);
  });

  it('refuses a file for another backbone, naming a layer the file lacks', async () => {
    const mobilenet = buildBackbone('MOBILENET_V2', { imageSize: 96, alpha: 0.35 });
    const h5 = join(dir, 'mobilenet.h5');
    await writeKerasH5Weights(mobilenet, h5, { layout: 'keras2' });
    dispose(mobilenet);
    const error = await expectWeightsError(checkBackboneWeights({ backbone: 'VGG16', path: h5, format: 'h5' }), 'WEIGHTS_MISMATCH');
    expect(error.message).toContain('no weights for layer "block1_conv1"');
  });
});
