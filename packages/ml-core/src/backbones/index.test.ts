import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BackboneName } from '../types';
import { BACKBONES, buildBackbone } from './index';

describe('BACKBONES', () => {
  it('pairs each backbone with the preprocessing its Keras weights expect', () => {
    expect(BACKBONES.VGG16.preprocessing).toBe('caffe');
    expect(BACKBONES.MOBILENET_V2.preprocessing).toBe('tf');
    expect(BACKBONES.RESNET50.preprocessing).toBe('caffe');
    expect(BACKBONES.EFFICIENTNET_B0.preprocessing).toBe('none');
  });

  it.each<BackboneName>(['VGG16', 'MOBILENET_V2', 'RESNET50', 'EFFICIENTNET_B0'])(
    '%s: spec name, output layer and default unfreeze layer exist in the built model',
    (name) => {
      const spec = BACKBONES[name];
      expect(spec.name).toBe(name);
      const model = buildBackbone(name, { imageSize: spec.minImageSize });
      const layerNames = model.layers.map((layer: tf.layers.Layer) => layer.name);
      expect(model.outputLayers[0]?.name).toBe(spec.outputLayer);
      expect(layerNames).toContain(spec.defaultUnfreezeFrom);
      model.dispose();
      expect(() => buildBackbone(name, { imageSize: spec.minImageSize - 1 })).toThrow(
        new RegExp(`at least ${spec.minImageSize}`),
      );
    },
  );

  it('defaults MobileNetV2 to alpha 1.0 and passes alpha through', () => {
    const wide = buildBackbone('MOBILENET_V2', { imageSize: 224 });
    expect(wide.countParams()).toBe(2_257_984);
    wide.dispose();
    const narrow = buildBackbone('MOBILENET_V2', { imageSize: 224, alpha: 0.35 });
    expect(narrow.countParams()).toBe(410_208);
    narrow.dispose();
  });

  it.each<BackboneName>(['VGG16', 'RESNET50', 'EFFICIENTNET_B0'])('refuses a width multiplier for %s instead of ignoring it', (name) => {
    expect(() => buildBackbone(name, { imageSize: 32, alpha: 0.35 })).toThrow(/no width multiplier/);
  });
});
