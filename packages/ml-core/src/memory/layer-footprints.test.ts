import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildBackbone } from '../backbones';
import { buildBaselineCnn } from '../model/baseline-cnn';
import { buildTransferClassifier } from '../model/transfer-classifier';
import { baselineFootprints, backboneFootprints, headFootprints, type LayerFootprint } from './layer-footprints';

/** What the built model says of each layer: its output floats per image and its weights. */
function measured(model: tf.LayersModel): LayerFootprint[] {
  return model.layers.map((layer) => {
    const shape = layer.outputShape as number[];
    return { name: layer.name, outputPerImage: shape.slice(1).reduce((a, b) => a * b, 1), channels: shape.at(-1)!, params: layer.countParams() };
  });
}

describe('layer footprints match the models ml-core builds, layer for layer', () => {
  // Odd sizes exercise the rounding of 'same' strides, pooling and MobileNetV2's padding.
  it.each([
    ['VGG16', 37, 1],
    ['MOBILENET_V2', 45, 0.35],
    ['MOBILENET_V2', 64, 1.3],
    ['RESNET50', 45, 1],
    ['RESNET50', 64, 1],
    ['EFFICIENTNET_B0', 45, 1],
    ['EFFICIENTNET_B0', 64, 1],
  ] as const)('%s at %i px, alpha %d', (backbone, imageSize, alpha) => {
    const before = tf.memory().numTensors;
    const model = buildBackbone(backbone, { imageSize, alpha: backbone === 'MOBILENET_V2' ? alpha : undefined, seed: 1 });
    const classifier = buildTransferClassifier({ backbone: model, numClasses: 5, dropout: 0.2, seed: 1 });
    try {
      expect(backboneFootprints(backbone, imageSize, alpha)).toEqual(measured(model));
      expect(headFootprints(classifier.featureSize, 5)).toEqual(measured(classifier.headOnMap).slice(1));
    } finally {
      for (const m of [classifier.full, classifier.headOnMap, classifier.headOnPooled]) m.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the baseline CNN', () => {
    const before = tf.memory().numTensors;
    const model = buildBaselineCnn({ imageSize: 37, numClasses: 3, seed: 1 });
    try {
      expect(baselineFootprints(37, 3)).toEqual(measured(model));
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
