import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../backbones/mobilenet-v2';
import { unfreezeFrom } from '../backbones/unfreeze-from';
import { buildVgg16 } from '../backbones/vgg16';
import { splitModelAt } from './split-model';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('splitModelAt', () => {
  it('splits VGG16 before block5 so that suffix(prefix(x)) equals the whole model', () => {
    const model = buildVgg16({ imageSize: 32 });
    const { prefix, suffix } = splitModelAt(model, 'block5_conv1');
    expect(prefix.outputs[0]!.shape).toEqual([null, 2, 2, 512]);
    expect(suffix.layers.map((l) => l.name).slice(1)).toEqual(['block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_pool']);
    const x = tf.randomUniform([2, 32, 32, 3], -100, 100, 'float32', 1);
    const whole = model.predict(x) as tf.Tensor;
    const parts = suffix.predict(prefix.predict(x) as tf.Tensor) as tf.Tensor;
    expect(maxAbsDiff(whole, parts)).toBeLessThan(1e-3);
    tf.dispose([x, whole, parts]);
    model.weights.forEach((w) => w.dispose());
  });

  it('trains only the unfrozen block through the suffix', () => {
    const model = buildVgg16({ imageSize: 32 });
    unfreezeFrom(model, 'block5');
    const { suffix } = splitModelAt(model, 'block5_conv1');
    const names = suffix.trainableWeights.map((w) => w.originalName);
    expect(names.every((n) => n.startsWith('block5_'))).toBe(true);
    expect(names).toHaveLength(6);
    model.weights.forEach((w) => w.dispose());
  });

  it('splits MobileNetV2 at block_16_expand, and refuses a cut that a residual link skips over', () => {
    const model = buildMobileNetV2({ imageSize: 32, alpha: 0.35 });
    const { suffix } = splitModelAt(model, 'block_16_expand');
    expect(suffix.outputs[0]!.shape).toEqual([null, 1, 1, 1280]);
    // block_15's input also feeds block_15_add, so no single tensor separates the two halves.
    expect(() => splitModelAt(model, 'block_15_expand_BN')).toThrow(/reads from before the cut/);
    expect(() => splitModelAt(model, 'no_such_layer')).toThrow(/No layer named/);
    model.weights.forEach((w) => w.dispose());
  });
});
