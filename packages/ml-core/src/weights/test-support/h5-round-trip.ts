import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { loadKerasH5Weights, writeKerasH5Weights, type KerasH5Layout } from '../keras-h5';

/**
 * Writes `build()`'s weights (made distinct) as a Keras h5 file in `layout` with the project's own
 * writer, loads it into a second, differently filled build, and expects every array to arrive.
 * Fills and compares with typed arrays, so a 24M-weight backbone takes seconds, not minutes.
 */
export async function expectH5RoundTrip(build: () => tf.LayersModel, layout: KerasH5Layout): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'h5-round-trip-'));
  const source = build();
  const target = build();
  try {
    fillDistinct(source, 1);
    fillDistinct(target, 2);
    expect(differing(source, target)).toHaveLength(source.weights.length);
    const path = join(dir, 'weights.h5');
    const written = await writeKerasH5Weights(source, path, { layout });
    const before = tf.memory().numTensors;
    const loaded = await loadKerasH5Weights(target, path);
    expect(tf.memory().numTensors).toBe(before);
    expect(loaded.layers).toBe(written.layers);
    expect(differing(source, target)).toEqual([]);
  } finally {
    source.dispose();
    target.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every weight gets values no other weight (or the other model, `offset` apart) has: whole numbers for counts. */
function fillDistinct(model: tf.LayersModel, offset: number): void {
  model.weights.forEach((w, i) => {
    const values = new Float32Array(w.shape.reduce((n: number, d) => n * (d ?? 1), 1));
    const whole = w.originalName.endsWith('/count');
    for (let k = 0; k < values.length; k++) values[k] = offset * 1000 + i + (whole ? 0 : ((k * 7919) % 1000) / 1000);
    const tensor = tf.tensor(values, w.shape as number[]);
    w.write(tensor);
    tensor.dispose();
  });
}

/** The names of the weights whose values differ between the two builds. */
function differing(a: tf.LayersModel, b: tf.LayersModel): string[] {
  return a.weights
    .filter((w, i) => {
      const x = w.read().dataSync();
      const y = b.weights[i]!.read().dataSync();
      if (x.length !== y.length) return true;
      for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return true;
      return false;
    })
    .map((w) => w.originalName);
}
