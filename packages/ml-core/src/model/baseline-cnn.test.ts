import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CONFIG_BOUNDS } from '@transferlab/run-config';
import { baselineFootprints } from '../memory/layer-footprints';
import { buildBaselineCnn } from './baseline-cnn';

describe("the baseline is the recipe's network", () => {
  it('layer for layer: Rescaling(1/255), Conv2D(32, 3, relu), MaxPooling2D, Conv2D(64, 3, relu), MaxPooling2D, Flatten, Dense(128, relu), Dense(classes, softmax)', () => {
    const before = tf.memory().numTensors;
    const model = buildBaselineCnn({ imageSize: 180, numClasses: 5, seed: 1 });
    try {
      const described = model.layers.slice(1).map((l) => {
        const c = l.getConfig() as Record<string, unknown>;
        return [l.getClassName(), c.scale ?? c.filters ?? c.units ?? c.poolSize ?? null, c.kernelSize ?? null, c.padding ?? null, c.activation ?? null];
      });
      expect(described).toEqual([
        ['Rescaling', 1 / 255, null, null, null],
        ['Conv2D', 32, [3, 3], 'valid', 'relu'],
        ['MaxPooling2D', [2, 2], null, 'valid', null],
        ['Conv2D', 64, [3, 3], 'valid', 'relu'],
        ['MaxPooling2D', [2, 2], null, 'valid', null],
        ['Flatten', null, null, null, null],
        ['Dense', 128, null, null, 'relu'],
        ['Dense', 5, null, null, 'softmax'],
      ]);
      // Keras's model.summary() for the recipe's network at 180 px and 5 classes:
      //   conv2d     178x178x32: 3*3*3*32 + 32          =        896
      //   pool        89x89x32
      //   conv2d_1    87x87x64:  3*3*32*64 + 64         =     18,496
      //   pool        43x43x64;  flatten 43*43*64       =    118,336 values
      //   dense       118,336*128 + 128                 = 15,147,136
      //   predictions 128*5 + 5                         =        645
      //   total                                         = 15,167,173
      expect(model.countParams()).toBe(15_167_173);
      expect(model.getLayer('flatten').outputShape).toEqual([null, 118_336]);
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes pixels 0..255 and rescales them inside', () => {
    const model = buildBaselineCnn({ imageSize: 32, numClasses: 3, seed: 1 });
    try {
      const [raw, prescaled] = tf.tidy(() => {
        const pixels = tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 2);
        const rescaledOnce = model.getLayer('rescaling').apply(pixels) as tf.Tensor;
        return [Array.from(rescaledOnce.dataSync()), Array.from(tf.div(pixels, 255).dataSync())];
      });
      raw.forEach((v, i) => expect(v).toBeCloseTo(prescaled[i]!, 6));
    } finally {
      model.dispose();
    }
  });

  it("the memory estimate's footprint counts the Flatten-wide Dense, up to the largest image size", () => {
    // Flatten keeps every position: at 1024 px it is 254*254*64 values, so the Dense holds 528 M weights.
    const largest = baselineFootprints(CONFIG_BOUNDS.imageSize.max, 5);
    expect(largest.find((l) => l.name === 'flatten')!.outputPerImage).toBe(254 * 254 * 64);
    expect(largest.find((l) => l.name === 'dense')!.params).toBe(254 * 254 * 64 * 128 + 128);
    expect(baselineFootprints(180, 5).reduce((s, l) => s + l.params, 0)).toBe(15_167_173);
  });
});
