import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { augmentBatch } from './augment';
import { adjustSaturation, shiftHue } from './color-jitter';
import { encodeImage, rawRgb } from './image-fixtures';
import { createRng } from './random';

/** Textbook RGB → HSV → RGB per pixel (h in [0, 1)), the reference the tensor formulas must meet. */
function rgbToHsv([r, g, b]: number[]): [number, number, number] {
  const v = Math.max(r!, g!, b!);
  const c = v - Math.min(r!, g!, b!);
  const s = v === 0 ? 0 : c / v;
  let h = 0;
  if (c > 0) h = v === r ? ((g! - b!) / c + 6) % 6 : v === g ? (b! - r!) / c + 2 : (r! - g!) / c + 4;
  return [h / 6, s, v];
}
function hsvToRgb([h, s, v]: [number, number, number]): number[] {
  const sector = Math.floor(h * 6) % 6;
  const f = h * 6 - Math.floor(h * 6);
  const [p, q, t] = [v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)];
  return [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][sector]!;
}

/** A real JPEG (colour gradients through sharp's encoder and decoder), as pixels 0..255. */
async function photoPixels(size = 24): Promise<tf.Tensor4D> {
  const jpeg = await encodeImage('jpeg', size, size, rawRgb(size, size, (x, y) => [(x * 11) % 256, (y * 9 + 40) % 256, ((x + y) * 5 + 90) % 256]));
  const { data } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return tf.tensor4d(Float32Array.from(data), [1, size, size, 3]);
}

const pixelsOf = (t: tf.Tensor): number[][] => {
  const flat = Array.from(t.dataSync());
  return Array.from({ length: flat.length / 3 }, (_, i) => flat.slice(i * 3, i * 3 + 3));
};

describe('saturation and hue on real pixels, exact to HSV', () => {
  it("adjustSaturation scales HSV saturation (clipped at full), as tf.image.adjust_saturation's documented example", async () => {
    const example = tf.tensor4d([50, 100, 150], [1, 1, 1, 3]);
    // tf.image.random_saturation([1, 2, 3], 5, 10) gives [0, 1.5, 3]: saturation capped at 1.
    expect(pixelsOf(tf.tidy(() => adjustSaturation(example, tf.fill([1, 1, 1, 1], 5) as tf.Tensor4D)))[0]).toEqual([0, 75, 150]);
    // Factor 0: grey at the pixel's value.
    expect(pixelsOf(tf.tidy(() => adjustSaturation(example, tf.zeros([1, 1, 1, 1]) as tf.Tensor4D)))[0]).toEqual([150, 150, 150]);
    example.dispose();

    const photo = await photoPixels();
    for (const factor of [0.3, 1.4]) {
      const out = pixelsOf(tf.tidy(() => adjustSaturation(photo, tf.fill([1, 1, 1, 1], factor) as tf.Tensor4D)));
      pixelsOf(photo).forEach((px, i) => {
        const [h, s, v] = rgbToHsv(px);
        hsvToRgb([h, Math.min(s * factor, 1), v]).forEach((c, k) => expect(out[i]![k]).toBeCloseTo(c, 2));
      });
    }
    photo.dispose();
  });

  it('shiftHue turns the colour wheel: red by a third is green, by half is cyan; it matches HSV on a photo', async () => {
    const red = tf.tensor4d([255, 0, 0], [1, 1, 1, 3]);
    const turned = (delta: number) => pixelsOf(tf.tidy(() => shiftHue(red, tf.fill([1, 1, 1, 1], delta) as tf.Tensor4D)))[0]!.map((c) => Math.round(c));
    expect(turned(1 / 3)).toEqual([0, 255, 0]);
    expect(turned(-1 / 3)).toEqual([0, 0, 255]);
    expect(turned(0.5)).toEqual([0, 255, 255]);
    red.dispose();

    const photo = await photoPixels();
    for (const delta of [0.07, -0.31, 0.5]) {
      const out = pixelsOf(tf.tidy(() => shiftHue(photo, tf.fill([1, 1, 1, 1], delta) as tf.Tensor4D)));
      pixelsOf(photo).forEach((px, i) => {
        const [h, s, v] = rgbToHsv(px);
        hsvToRgb([(((h + delta) % 1) + 1) % 1, s, v]).forEach((c, k) => expect(out[i]![k]).toBeCloseTo(c, 2));
      });
    }
    photo.dispose();
  });

  it('augmentBatch: saturation keeps each pixel\'s value (max channel) and draws a factor per image within [1 - s, 1 + s]', async () => {
    const photo = await photoPixels();
    const batch = tf.concat([photo, photo, photo, photo]) as tf.Tensor4D;
    const out = augmentBatch(batch, { saturation: 0.4 }, createRng(3));
    const before = pixelsOf(photo);
    const factorOf: number[] = [];
    pixelsOf(out).forEach((px, i) => {
      const n = Math.floor(i / before.length);
      const [, s0, v0] = rgbToHsv(before[i % before.length]!);
      const [, s1, v1] = rgbToHsv(px);
      expect(v1).toBeCloseTo(v0, 3);
      // Away from greys and from the cap at full saturation, every pixel of an image shows its factor.
      if (s0 > 0.2 && s1 < 0.99) {
        factorOf[n] ??= s1 / s0;
        expect(s1 / s0).toBeCloseTo(factorOf[n], 3);
      }
    });
    expect(factorOf).toHaveLength(4);
    for (const f of factorOf) {
      expect(f).toBeGreaterThanOrEqual(0.6 - 1e-3);
      expect(f).toBeLessThanOrEqual(1.4 + 1e-3);
    }
    expect(new Set(factorOf.map((f) => Math.round(f * 1e4))).size).toBe(4);
    tf.dispose([photo, batch, out]);
  });

  it('augmentBatch: hue keeps value and saturation, turns each image by its own delta; reproducible, no leak', async () => {
    const photo = await photoPixels();
    const batch = tf.concat([photo, photo, photo]) as tf.Tensor4D;
    const tensorsBefore = tf.memory().numTensors;
    const out = augmentBatch(batch, { hue: 0.2 }, createRng(4));
    expect(tf.memory().numTensors).toBe(tensorsBefore + 1);
    const again = augmentBatch(batch, { hue: 0.2 }, createRng(4));
    expect(Array.from(again.dataSync())).toEqual(Array.from(out.dataSync()));
    const before = pixelsOf(photo);
    const pixels = pixelsOf(out);
    const shifts = [0, 1, 2].map((n) => {
      const k = n * before.length;
      const [h0] = rgbToHsv(before[0]!);
      const [h1] = rgbToHsv(pixels[k]!);
      return (((h1 - h0 + 0.5) % 1) + 1) % 1 - 0.5;
    });
    pixels.forEach((px, i) => {
      const [, s0, v0] = rgbToHsv(before[i % before.length]!);
      const [, s1, v1] = rgbToHsv(px);
      expect(v1).toBeCloseTo(v0, 3);
      expect(s1).toBeCloseTo(s0, 3);
    });
    for (const shift of shifts) expect(Math.abs(shift)).toBeLessThanOrEqual(0.2 + 1e-3);
    expect(new Set(shifts.map((s) => Math.round(s * 1000))).size).toBe(3);
    tf.dispose([photo, batch, out, again]);
  });

  it('refuses saturation above 1 and hue above half a turn', () => {
    const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    expect(() => augmentBatch(x, { saturation: 1.5 }, createRng(1))).toThrow(/saturation must be between 0 and 1/);
    expect(() => augmentBatch(x, { hue: 0.6 }, createRng(1))).toThrow(/hue must be between 0 and 0.5/);
    x.dispose();
  });
});
