import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildVgg16 } from '../backbones/vgg16';
import { SeededDropout, seededDropout } from './seeded-dropout';
import { buildTransferClassifier } from './transfer-classifier';

/** Which of `units` ones a training call zeroes, as a 0/1 string. */
function maskOf(layer: tf.layers.Layer, units: number): string {
  return tf.tidy(() => Array.from((layer.apply(tf.ones([1, units]), { training: true }) as tf.Tensor).dataSync(), (v) => (v === 0 ? '0' : '1')).join(''));
}

describe('seeded dropout', () => {
  it('draws a different mask on every training call (TensorFlow.js 4.22 Dropout repeats its seeded one)', () => {
    const ours = seededDropout({ rate: 0.5, seed: 3 });
    const masks = Array.from({ length: 5 }, () => maskOf(ours, 64));
    expect(new Set(masks).size).toBe(5);
    // The library's layer, for contrast: the same zeros every call. If this starts failing,
    // TensorFlow.js fixed it and this layer could go.
    const stock = tf.layers.dropout({ rate: 0.5, seed: 3 });
    expect(maskOf(stock, 64)).toBe(maskOf(stock, 64));
  });

  it('drops about `rate` of the units over many calls and scales the kept ones by 1/(1 - rate)', () => {
    const layer = seededDropout({ rate: 0.3, seed: 11 });
    const before = tf.memory().numTensors;
    let zeros = 0;
    let total = 0;
    for (let i = 0; i < 200; i++) {
      const out = tf.tidy(() => layer.apply(tf.ones([4, 250]), { training: true }) as tf.Tensor);
      const values = out.dataSync();
      out.dispose();
      for (const v of values) {
        if (v === 0) zeros++;
        else expect(v).toBeCloseTo(1 / 0.7, 5);
      }
      total += values.length;
    }
    expect(tf.memory().numTensors).toBe(before);
    // 200,000 draws: the standard error of the fraction is about 0.001.
    expect(Math.abs(zeros / total - 0.3)).toBeLessThan(0.01);
  });

  it('is the identity at inference', () => {
    const layer = seededDropout({ rate: 0.5, seed: 1 });
    const out = tf.tidy(() => Array.from((layer.apply(tf.ones([2, 16]), { training: false }) as tf.Tensor).dataSync()));
    expect(out).toEqual(new Array(32).fill(1));
  });

  it('replays the same masks for the same seed and others for another seed', () => {
    const sequence = (seed: number) => {
      const layer = seededDropout({ rate: 0.5, seed });
      return Array.from({ length: 4 }, () => maskOf(layer, 64));
    };
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
  });

  it("gives the classifier's head a new mask every step, and saves as a standard Dropout that any loader reads", async () => {
    const classifier = buildTransferClassifier({ backbone: buildVgg16({ imageSize: 32, seed: 1 }), numClasses: 3, dropout: 0.5, seed: 1 });
    try {
      const features = tf.ones([1, classifier.featureSize]);
      const probs = () => tf.tidy(() => Array.from((classifier.headOnPooled.apply(features, { training: true }) as tf.Tensor).dataSync()));
      expect(probs()).not.toEqual(probs());

      let artifacts: tf.io.ModelArtifacts | undefined;
      await classifier.full.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
      const topology = artifacts!.modelTopology as { config: { layers: { class_name: string; config: { name: string; rate?: number } }[] } };
      const saved = topology.config.layers.find((l) => l.config.name === 'dropout')!;
      expect(saved).toMatchObject({ class_name: 'Dropout', config: { rate: 0.5 } });

      const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
      try {
        const layer = loaded.getLayer('dropout');
        expect(layer.getClassName()).toBe('Dropout');
        expect(layer).not.toBeInstanceOf(SeededDropout);
        const x = tf.randomUniform([2, 32, 32, 3], 0, 255, 'float32', 4);
        const [a, b] = [classifier.full.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
        expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
        tf.dispose([x, a, b, features]);
      } finally {
        loaded.dispose();
      }
    } finally {
      for (const w of new Set(classifier.full.weights)) w.dispose();
    }
  });
});
