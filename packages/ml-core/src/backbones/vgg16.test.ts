import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildVgg16 } from './vgg16';

const KERAS_VGG16_LAYERS = [
  'input_1',
  'block1_conv1', 'block1_conv2', 'block1_pool',
  'block2_conv1', 'block2_conv2', 'block2_pool',
  'block3_conv1', 'block3_conv2', 'block3_conv3', 'block3_pool',
  'block4_conv1', 'block4_conv2', 'block4_conv3', 'block4_pool',
  'block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_pool',
];

describe('buildVgg16', () => {
  it('has exactly the Keras layer names, in order', () => {
    const model = buildVgg16({ imageSize: 32 });
    expect(model.layers.map((layer) => layer.name)).toEqual(KERAS_VGG16_LAYERS);
    model.dispose();
  });

  it('frees its weights on dispose', () => {
    const before = tf.memory().numTensors;
    const model = buildVgg16({ imageSize: 32 });
    // 13 convs, a kernel and a bias each.
    expect(tf.memory().numTensors - before).toBe(26);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the Keras no-top parameter count at 224 and outputs 7x7x512', () => {
    const model = buildVgg16({ imageSize: 224 });
    expect(model.countParams()).toBe(14_714_688);
    expect(model.inputs[0]?.shape).toEqual([null, 224, 224, 3]);
    expect(model.outputs[0]?.shape).toEqual([null, 7, 7, 512]);
    expect(model.outputLayers[0]?.name).toBe('block5_pool');
    model.dispose();
  });

  it('uses 3x3 same-padded relu convs with biases', () => {
    const model = buildVgg16({ imageSize: 32 });
    const config = model.getLayer('block3_conv2').getConfig();
    expect(config).toMatchObject({ filters: 256, kernelSize: [3, 3], padding: 'same', activation: 'relu', useBias: true });
    model.dispose();
  });

  it.each([
    { imageSize: 32, side: 1 },
    { imageSize: 64, side: 2 },
    { imageSize: 100, side: 3 },
  ])('maps $imageSize pixels to $side x $side x 512', ({ imageSize, side }) => {
    const model = buildVgg16({ imageSize });
    expect(model.outputs[0]?.shape).toEqual([null, side, side, 512]);
    // Weights do not depend on the input size.
    expect(model.countParams()).toBe(14_714_688);
    model.dispose();
  });

  it('runs a forward pass at the minimum size', () => {
    const model = buildVgg16({ imageSize: 32 });
    const input = tf.ones([1, 32, 32, 3]);
    const output = model.predict(input);
    expect(Array.isArray(output) ? null : output.shape).toEqual([1, 1, 1, 512]);
    input.dispose();
    if (!Array.isArray(output)) output.dispose();
    model.dispose();
  });

  it.each([31, 0, -5, 32.5])('rejects image size %s with the minimum in the message', (imageSize) => {
    expect(() => buildVgg16({ imageSize })).toThrow(/at least 32/);
  });
});
