import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { augmentBatch, isAugmentationActive, type Augmentation } from './augment';
import { createRng } from './random';

const N = 8;
const SIZE = 16;

/** Asymmetric content (a gradient plus a bright square off-centre) so every transform shows. */
function makeBatch(): tf.Tensor4D {
  const values = new Float32Array(N * SIZE * SIZE * 3);
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        for (let c = 0; c < 3; c++) {
          const square = x >= 2 && x < 6 && y >= 3 && y < 7 ? 120 : 0;
          values[((n * SIZE + y) * SIZE + x) * 3 + c] = 40 + x * 5 + y * 2 + c * 10 + n + square;
        }
      }
    }
  }
  return tf.tensor4d(values, [N, SIZE, SIZE, 3]);
}

/** Runs augmentBatch and returns plain arrays, disposing the output. */
function augmentValues(x: tf.Tensor4D, aug: Augmentation, seed = 1): number[][][][] {
  const out = augmentBatch(x, aug, createRng(seed));
  try {
    expect(out.shape).toEqual(x.shape);
    expect(out.dtype).toBe('float32');
    return out.arraySync();
  } finally {
    out.dispose();
  }
}

const flat = (a: number[][][][]) => a.flat(3);
const maxAbsDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

let x: tf.Tensor4D;
let original: number[][][][];
beforeEach(() => {
  x = makeBatch();
  original = x.arraySync();
});
afterEach(() => x.dispose());

describe('isAugmentationActive', () => {
  it('is false only when every setting is zero or off', () => {
    expect(isAugmentationActive({})).toBe(false);
    expect(isAugmentationActive({ flip: false, rotationDegrees: 0, zoom: 0, brightness: 0, contrast: 0 })).toBe(false);
    for (const aug of [{ flip: true }, { rotationDegrees: 5 }, { zoom: 0.1 }, { brightness: 0.1 }, { contrast: 0.1 }]) {
      expect(isAugmentationActive(aug)).toBe(true);
    }
  });
});

describe('augmentBatch', () => {
  it('is the identity when nothing is on, and returns a tensor the caller may dispose', () => {
    const out = augmentBatch(x, { flip: false, zoom: 0 }, createRng(1));
    expect(out).not.toBe(x);
    expect(out.arraySync()).toEqual(original);
    out.dispose();
    expect(x.isDisposed).toBe(false);
  });

  it.each<[string, Augmentation]>([
    ['rotation', { rotationDegrees: 30 }],
    ['zoom', { zoom: 0.3 }],
    ['brightness', { brightness: 0.2 }],
    ['contrast', { contrast: 0.5 }],
    ['everything', { flip: true, rotationDegrees: 20, zoom: 0.2, brightness: 0.2, contrast: 0.3 }],
  ])('%s changes the pixels of every image', (_, aug) => {
    const out = augmentValues(x, aug);
    for (let n = 0; n < N; n++) expect(maxAbsDiff(flat([out[n]!]), flat([original[n]!]))).toBeGreaterThan(1);
  });

  it('rotation and zoom keep the content of every image (reflected borders, no blank images)', () => {
    const out = augmentValues(x, { rotationDegrees: 15, zoom: 0.15 });
    const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
    for (let n = 0; n < N; n++) {
      expect(Math.abs(mean(flat([out[n]!])) - mean(flat([original[n]!])))).toBeLessThan(12);
      expect(Math.min(...flat([out[n]!]))).toBeGreaterThan(30); // a constant fill would add zeros
    }
  });

  it('flip mirrors some images exactly, left to right, and leaves the others untouched', () => {
    const out = augmentValues(x, { flip: true }, 3);
    const mirrored = tf.tidy(() => tf.reverse(x, 2).arraySync());
    let flipped = 0;
    for (let n = 0; n < N; n++) {
      const image = flat([out[n]!]);
      const isFlipped = maxAbsDiff(image, flat([mirrored[n]!])) < 1e-3;
      const isSame = maxAbsDiff(image, flat([original[n]!])) < 1e-3;
      expect(isFlipped || isSame).toBe(true);
      if (isFlipped) flipped++;
    }
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(N);
  });

  it('brightness adds one delta per image within ±brightness*255', () => {
    const out = augmentValues(x, { brightness: 0.1 });
    const deltas = new Set<number>();
    for (let n = 0; n < N; n++) {
      const before = flat([original[n]!]);
      const diffs = flat([out[n]!]).map((v, i) => v - before[i]!);
      const delta = diffs[0]!;
      expect(Math.abs(delta)).toBeLessThanOrEqual(25.5);
      for (const d of diffs) expect(d).toBeCloseTo(delta, 3);
      deltas.add(Math.round(delta * 1000));
    }
    expect(deltas.size).toBe(N);
  });

  it('contrast keeps each image and channel mean and scales deviations by a factor in range', () => {
    const out = augmentValues(x, { contrast: 0.2 });
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < 3; c++) {
        const before = original[n]!.flat().map((px) => px[c]!);
        const after = out[n]!.flat().map((px) => px[c]!);
        const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
        expect(mean(after)).toBeCloseTo(mean(before), 2);
        const factor = (after[0]! - mean(after)) / (before[0]! - mean(before));
        expect(factor).toBeGreaterThanOrEqual(0.8 - 1e-4);
        expect(factor).toBeLessThanOrEqual(1.2 + 1e-4);
      }
    }
  });

  it('keeps values in [0, 255] even with extreme settings', () => {
    const values = flat(augmentValues(x, { rotationDegrees: 180, zoom: 0.5, brightness: 1, contrast: 1 }));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(255);
    expect(Math.min(...values)).toBe(0); // brightness of ±255 must have clipped somewhere
  });

  it('is reproducible with the same seed and differs with another', () => {
    const aug = { flip: true, rotationDegrees: 15, zoom: 0.2, brightness: 0.1, contrast: 0.2 };
    const a = augmentValues(x, aug, 11);
    expect(augmentValues(x, aug, 11)).toEqual(a);
    expect(maxAbsDiff(flat(augmentValues(x, aug, 12)), flat(a))).toBeGreaterThan(1);
  });

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const out = augmentBatch(x, { flip: true, rotationDegrees: 10, zoom: 0.1, brightness: 0.1, contrast: 0.1 }, createRng(2));
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
    augmentBatch(x, {}, createRng(2)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects settings outside their range', () => {
    for (const aug of [{ rotationDegrees: -1 }, { zoom: 1 }, { brightness: 2 }, { contrast: Number.NaN }]) {
      expect(() => augmentBatch(x, aug, createRng(1))).toThrow(RangeError);
    }
  });
});
