import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from './mobilenet-v2';
import { buildVgg16 } from './vgg16';

function firstValues(model: tf.LayersModel): number[] {
  return model.weights.filter((w) => w.originalName.endsWith('kernel')).flatMap((w) => Array.from(w.read().dataSync().slice(0, 3)));
}

describe('seeded random backbones', () => {
  it.each([
    ['VGG16', (seed?: number) => buildVgg16({ imageSize: 32, seed })],
    ['MobileNetV2', (seed?: number) => buildMobileNetV2({ imageSize: 32, alpha: 0.35, seed })],
  ])('%s: the same seed gives the same initial weights, another seed others', (_name, build) => {
    const models = [build(3), build(3), build(4), build()];
    const [a, b, c, d] = models.map(firstValues);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(d);
    models.forEach((m) => m.weights.forEach((w) => w.dispose()));
  });
});
