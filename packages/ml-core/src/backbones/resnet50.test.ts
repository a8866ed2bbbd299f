// ResNet50 as keras.applications.ResNet50(include_top=False) builds it. The expected names, order
// and counts are written down from Keras's resnet.py (stack1/block1) and its model.summary().
import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectH5RoundTrip } from '../weights/test-support/h5-round-trip';
import { BACKBONES } from './index';
import { buildResNet50 } from './resnet50';

const names = (model: tf.LayersModel): string[] => model.layers.map((layer) => layer.name);
const weightNames = (model: tf.LayersModel, layer: string) => model.getLayer(layer).weights.map((w) => w.originalName);

describe('buildResNet50', () => {
  it("has Keras's no-top parameter count (23,587,712) and output at 224 px", () => {
    const model = buildResNet50({ imageSize: 224 });
    expect(model.countParams()).toBe(23_587_712);
    expect(model.outputs[0]?.shape).toEqual([null, 7, 7, 2048]);
    model.dispose();
  });

  it("lists Keras's layer names in Keras's order (the shortcut after the 3x3 branch), 175 in all", () => {
    const model = buildResNet50({ imageSize: 64 });
    const layers = names(model);
    expect(layers.slice(0, 19)).toEqual([
      'input_1', 'conv1_pad', 'conv1_conv', 'conv1_bn', 'conv1_relu', 'pool1_pad', 'pool1_pool',
      'conv2_block1_1_conv', 'conv2_block1_1_bn', 'conv2_block1_1_relu',
      'conv2_block1_2_conv', 'conv2_block1_2_bn', 'conv2_block1_2_relu',
      'conv2_block1_0_conv', 'conv2_block1_3_conv', 'conv2_block1_0_bn', 'conv2_block1_3_bn',
      'conv2_block1_add', 'conv2_block1_out',
    ]);
    expect(layers.slice(19, 29)).toEqual([
      'conv2_block2_1_conv', 'conv2_block2_1_bn', 'conv2_block2_1_relu',
      'conv2_block2_2_conv', 'conv2_block2_2_bn', 'conv2_block2_2_relu',
      'conv2_block2_3_conv', 'conv2_block2_3_bn', 'conv2_block2_add', 'conv2_block2_out',
    ]);
    expect(layers.filter((name) => name.endsWith('_0_conv'))).toEqual(['conv2', 'conv3', 'conv4', 'conv5'].map((s) => `${s}_block1_0_conv`));
    expect(layers.filter((name) => name.endsWith('_out'))).toHaveLength(3 + 4 + 6 + 3);
    expect(layers.slice(-3)).toEqual(['conv5_block3_3_bn', 'conv5_block3_add', 'conv5_block3_out']);
    expect(layers).toHaveLength(175);
    model.dispose();
  });

  it("names weights as Keras does and uses Keras's layer settings", () => {
    const model = buildResNet50({ imageSize: 64 });
    expect(weightNames(model, 'conv1_conv')).toEqual(['conv1_conv/kernel', 'conv1_conv/bias']);
    expect(weightNames(model, 'conv3_block1_0_bn')).toEqual(['conv3_block1_0_bn/gamma', 'conv3_block1_0_bn/beta', 'conv3_block1_0_bn/moving_mean', 'conv3_block1_0_bn/moving_variance']);
    expect(model.getLayer('conv1_conv').getConfig()).toMatchObject({ kernelSize: [7, 7], strides: [2, 2], padding: 'valid', useBias: true });
    // The stride sits on the first 1x1 convolution and the shortcut (Keras's ResNet v1.5 differs; Keras uses v1).
    expect(model.getLayer('conv3_block1_1_conv').getConfig()).toMatchObject({ strides: [2, 2] });
    expect(model.getLayer('conv3_block1_2_conv').getConfig()).toMatchObject({ strides: [1, 1], padding: 'same' });
    expect(model.getLayer('conv4_block1_0_conv').getConfig()).toMatchObject({ strides: [2, 2], filters: 1024 });
    expect(model.getLayer('conv2_block1_0_bn').getConfig()).toMatchObject({ epsilon: 1.001e-5 });
    model.dispose();
  });

  it('is registered with caffe preprocessing and fine-tunes from conv5 by default', () => {
    expect(BACKBONES.RESNET50).toMatchObject({ preprocessing: 'caffe', defaultUnfreezeFrom: 'conv5_block1_1_conv', outputLayer: 'conv5_block3_out' });
  });

  it.each(['legacy', 'keras2'] as const)('round-trips its weights through a %s Keras h5 file written by the project', async (layout) => {
    await expectH5RoundTrip(() => buildResNet50({ imageSize: 32 }), layout);
  });
});
