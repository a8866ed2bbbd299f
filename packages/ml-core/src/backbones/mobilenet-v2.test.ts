import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from './mobilenet-v2';

const names = (model: tf.LayersModel): string[] => model.layers.map((layer) => layer.name);

describe('buildMobileNetV2', () => {
  it.each([
    { alpha: 1.0, params: 2_257_984 },
    { alpha: 0.35, params: 410_208 },
  ])('has the Keras no-top parameter count at 224 for alpha $alpha', ({ alpha, params }) => {
    const model = buildMobileNetV2({ imageSize: 224, alpha });
    expect(model.countParams()).toBe(params);
    expect(model.outputs[0]?.shape).toEqual([null, 7, 7, 1280]);
    model.dispose();
  });

  it('widens the last conv only for alpha above 1', () => {
    const model = buildMobileNetV2({ imageSize: 32, alpha: 1.4 });
    // make_divisible(1280 * 1.4) = 1792
    expect(model.outputs[0]?.shape).toEqual([null, 1, 1, 1792]);
    model.dispose();
  });

  it('starts, ends and pads with the Keras layer names', () => {
    const model = buildMobileNetV2({ imageSize: 96, alpha: 0.35 });
    const layers = names(model);
    expect(layers.slice(0, 11)).toEqual([
      'input_1', 'Conv1', 'bn_Conv1', 'Conv1_relu',
      'expanded_conv_depthwise', 'expanded_conv_depthwise_BN', 'expanded_conv_depthwise_relu',
      'expanded_conv_project', 'expanded_conv_project_BN',
      'block_1_expand', 'block_1_expand_BN',
    ]);
    expect(layers.slice(-3)).toEqual(['Conv_1', 'Conv_1_bn', 'out_relu']);
    expect(layers.filter((name) => name.endsWith('_pad'))).toEqual(
      ['block_1_pad', 'block_3_pad', 'block_6_pad', 'block_13_pad'],
    );
    expect(layers.filter((name) => name.endsWith('_add'))).toEqual(
      [2, 4, 5, 7, 8, 9, 11, 12, 14, 15].map((id) => `block_${id}_add`),
    );
    // Modern Keras has no Conv1_pad (Conv1 pads "same"), so 154 layers, not the 155 of Keras 2.2.
    expect(layers).toHaveLength(154);
    expect(model.outputLayers[0]?.name).toBe('out_relu');
    model.dispose();
  });

  it('matches the Keras layer settings', () => {
    const model = buildMobileNetV2({ imageSize: 96, alpha: 1.0 });
    expect(model.getLayer('block_13_depthwise').getConfig()).toMatchObject({ strides: [2, 2], padding: 'valid', useBias: false });
    expect(model.getLayer('block_14_depthwise').getConfig()).toMatchObject({ strides: [1, 1], padding: 'same', useBias: false });
    expect(model.getLayer('block_16_expand').getConfig()).toMatchObject({ filters: 960, useBias: false });
    expect(model.getLayer('block_16_project_BN').getConfig()).toMatchObject({ epsilon: 1e-3, momentum: 0.999 });
    expect(model.getLayer('out_relu').getConfig()).toMatchObject({ maxValue: 6 });
    model.dispose();
  });

  it('pads even sizes at the bottom/right only and odd sizes on both sides, like correct_pad', () => {
    const even = buildMobileNetV2({ imageSize: 96, alpha: 0.35 });
    // 96 → 48 after Conv1: even
    expect(even.getLayer('block_1_pad').getConfig()).toMatchObject({ padding: [[0, 1], [0, 1]] });
    even.dispose();
    const odd = buildMobileNetV2({ imageSize: 100, alpha: 0.35 });
    // 100 → 50 → 25 at block_3: odd
    expect(odd.getLayer('block_3_pad').getConfig()).toMatchObject({ padding: [[1, 1], [1, 1]] });
    expect(odd.outputs[0]?.shape).toEqual([null, 4, 4, 1280]);
    odd.dispose();
  });

  it.each([
    { imageSize: 96, side: 3 },
    { imageSize: 32, side: 1 },
    { imageSize: 160, side: 5 },
  ])('maps $imageSize pixels to $side x $side x 1280', ({ imageSize, side }) => {
    const model = buildMobileNetV2({ imageSize, alpha: 1.0 });
    expect(model.outputs[0]?.shape).toEqual([null, side, side, 1280]);
    model.dispose();
  });

  it('runs a forward pass with ReLU6-bounded output', () => {
    const model = buildMobileNetV2({ imageSize: 32, alpha: 0.35 });
    const input = tf.randomUniform([2, 32, 32, 3], -1, 1);
    const output = model.predict(input) as tf.Tensor;
    expect(output.shape).toEqual([2, 1, 1, 1280]);
    expect(output.max().arraySync()).toBeLessThanOrEqual(6);
    expect(output.min().arraySync()).toBeGreaterThanOrEqual(0);
    tf.dispose([input, output]);
    model.dispose();
  });

  it('rejects sizes below 32 with the minimum in the message', () => {
    expect(() => buildMobileNetV2({ imageSize: 31, alpha: 1.0 })).toThrow(/at least 32/);
  });

  it('rejects widths Keras publishes no weights for', () => {
    expect(() => buildMobileNetV2({ imageSize: 96, alpha: 0.6 })).toThrow(/0\.35, 0\.5, 0\.75, 1, 1\.3, 1\.4/);
  });
});
