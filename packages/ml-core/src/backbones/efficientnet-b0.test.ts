// EfficientNetB0 as keras.applications.EfficientNetB0(include_top=False, weights='imagenet') builds
// it. The expected names, order and counts are written down from Keras's efficientnet.py (block,
// DEFAULT_BLOCKS_ARGS) and its model.summary().
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectH5RoundTrip } from '../weights/test-support/h5-round-trip';
import { buildEfficientNetB0 } from './efficientnet-b0';
import { BACKBONES } from './index';

const names = (model: tf.LayersModel): string[] => model.layers.map((layer) => layer.name);
const weightNames = (model: tf.LayersModel, layer: string) => model.getLayer(layer).weights.map((w) => w.originalName);

describe('buildEfficientNetB0', () => {
  it("has Keras's no-top parameter count (4,049,571, Normalization's 7 included) and output at 224 px", () => {
    const model = buildEfficientNetB0({ imageSize: 224 });
    expect(model.countParams()).toBe(4_049_571);
    expect(model.outputs[0]?.shape).toEqual([null, 7, 7, 1280]);
    model.dispose();
  });

  it("lists Keras's layer names in Keras's order, 238 in all", () => {
    const model = buildEfficientNetB0({ imageSize: 64 });
    const layers = names(model);
    expect(layers.slice(0, 18)).toEqual([
      'input_1', 'rescaling', 'normalization', 'rescaling_1', 'stem_conv_pad', 'stem_conv', 'stem_bn', 'stem_activation',
      'block1a_dwconv', 'block1a_bn', 'block1a_activation',
      'block1a_se_squeeze', 'block1a_se_reshape', 'block1a_se_reduce', 'block1a_se_expand', 'block1a_se_excite',
      'block1a_project_conv', 'block1a_project_bn',
    ]);
    const block2b = layers.slice(layers.indexOf('block2b_expand_conv'), layers.indexOf('block2b_add') + 1);
    expect(block2b).toEqual([
      'block2b_expand_conv', 'block2b_expand_bn', 'block2b_expand_activation', 'block2b_dwconv', 'block2b_bn', 'block2b_activation',
      'block2b_se_squeeze', 'block2b_se_reshape', 'block2b_se_reduce', 'block2b_se_expand', 'block2b_se_excite',
      'block2b_project_conv', 'block2b_project_bn', 'block2b_drop', 'block2b_add',
    ]);
    expect(layers.filter((name) => name.endsWith('_dwconv_pad'))).toEqual(['block2a', 'block3a', 'block4a', 'block6a'].map((b) => `${b}_dwconv_pad`));
    expect(layers.filter((name) => name.endsWith('_add'))).toEqual(['2b', '3b', '4b', '4c', '5b', '5c', '6b', '6c', '6d'].map((b) => `block${b}_add`));
    expect(layers.slice(-3)).toEqual(['top_conv', 'top_bn', 'top_activation']);
    expect(layers).toHaveLength(238);
    model.dispose();
  });

  it("names weights as Keras does and uses Keras's layer settings", () => {
    const model = buildEfficientNetB0({ imageSize: 64 });
    expect(weightNames(model, 'normalization')).toEqual(['normalization/mean', 'normalization/variance', 'normalization/count']);
    expect(weightNames(model, 'block1a_dwconv')).toEqual(['block1a_dwconv/depthwise_kernel']);
    expect(weightNames(model, 'block3a_se_reduce')).toEqual(['block3a_se_reduce/kernel', 'block3a_se_reduce/bias']);
    expect(model.getLayer('block3a_se_reduce').getConfig()).toMatchObject({ filters: 6, activation: 'swish' });
    expect(model.getLayer('block3a_se_expand').getConfig()).toMatchObject({ filters: 144, activation: 'sigmoid' });
    expect(model.getLayer('block3a_dwconv').getConfig()).toMatchObject({ kernelSize: [5, 5], strides: [2, 2], padding: 'valid' });
    // Stochastic depth grows with the block: 0.2 * b / 16 for the b-th block (block6d is the 15th, b = 14).
    expect(model.getLayer('block6d_drop').getConfig()).toMatchObject({ rate: (0.2 * 14) / 16 });
    expect(model.getLayer('top_bn').getConfig()).toMatchObject({ epsilon: 1e-3 });
    model.dispose();
  });

  it('scales pixels 0..255 in its own layers: (x / 255 - mean) / sqrt(variance) / sqrt(std), as Keras with ImageNet weights', () => {
    const model = buildEfficientNetB0({ imageSize: 32 });
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    // Keras's file stores the standard deviation as the "variance" (keras-team issue 49930).
    model.getLayer('normalization').setWeights([tf.tensor1d(mean), tf.tensor1d(std), tf.scalar(0)]);
    const stem = tf.model({ inputs: model.inputs, outputs: model.getLayer('rescaling_1').output as tf.SymbolicTensor });
    const pixel = [200, 100, 30];
    const out = tf.tidy(() => (stem.predict(tf.tensor4d(pixel, [1, 1, 1, 3]).tile([1, 32, 32, 1])) as tf.Tensor).slice([0, 0, 0, 0], [1, 1, 1, 3]).dataSync());
    pixel.forEach((p, c) => expect(out[c]).toBeCloseTo((p / 255 - mean[c]!) / std[c]!, 4));
    expect(BACKBONES.EFFICIENTNET_B0).toMatchObject({ preprocessing: 'none', defaultUnfreezeFrom: 'block7a_expand_conv', outputLayer: 'top_activation' });
    model.dispose();
  });

  it.each(['legacy', 'keras2'] as const)('round-trips its weights, int64 count included, through a %s Keras h5 file written by the project', async (layout) => {
    await expectH5RoundTrip(() => buildEfficientNetB0({ imageSize: 32 }), layout);
  });
});
