// The wrapped WASM BatchMatMul must give the plain JS backend's products for every transpose
// combination, batched or not, and leave nothing behind.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';

import { relativeError } from '../test-support/relative-error';
import { restoreBackendAfterEach } from './restore-backend.testing';
import { selectBackend } from './select-backend';
import { registerWasmTransposedMatMul } from './wasm-matmul-transposes';

const rng = seedrandom('wasm-matmul');
const values = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1);

async function productOn(backend: string, a: { shape: number[]; data: Float32Array }, b: { shape: number[]; data: Float32Array }, ta: boolean, tb: boolean) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const product = tf.matMul(tf.tensor(a.data, a.shape), tf.tensor(b.data, b.shape), ta, tb);
    return { shape: product.shape, data: Float32Array.from(product.dataSync()) };
  });
}

restoreBackendAfterEach();
beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
});

describe('registerWasmTransposedMatMul', () => {
  it('has wrapped WASM BatchMatMul at start-up, once', () => {
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')).toBeDefined();
    expect(registerWasmTransposedMatMul()).toBe(false);
  });

  // [outer, inner] operand shapes before the transpose flags are applied; the batch dimension
  // (when present) includes a broadcast of one operand.
  it.each([
    { batchA: [], batchB: [], m: 7, k: 5, n: 3 },
    { batchA: [2], batchB: [2], m: 4, k: 9, n: 6 },
    { batchA: [3], batchB: [1], m: 5, k: 2, n: 8 },
    { batchA: [], batchB: [], m: 64, k: 33, n: 17 },
  ])('matches the cpu backend for $batchA x $batchB, m $m, k $k, n $n, every transpose', async ({ batchA, batchB, m, k, n }) => {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = { shape: [...batchA, ...(ta ? [k, m] : [m, k])], data: new Float32Array() };
      const b = { shape: [...batchB, ...(tb ? [n, k] : [k, n])], data: new Float32Array() };
      a.data = values(a.shape);
      b.data = values(b.shape);
      const wasm = await productOn('wasm', a, b, ta, tb);
      const cpu = await productOn('cpu', a, b, ta, tb);
      expect(wasm.shape, `transposeA ${ta}, transposeB ${tb}`).toEqual(cpu.shape);
      expect(wasm.shape.slice(-2)).toEqual([m, n]);
      expect(relativeError(wasm.data, cpu.data), `transposeA ${ta}, transposeB ${tb}`).toBeLessThan(1e-5);
    }
  });

  it('gives a Dense layer the same gradients as the cpu backend, leaving no tensors or buffers', async () => {
    const x = { shape: [6, 10], data: values([6, 10]) };
    const w = { shape: [10, 4], data: values([10, 4]) };
    const gradientsOn = async (backend: string) => {
      await tf.setBackend(backend);
      const tensorsBefore = tf.memory().numTensors;
      const buffersBefore = tf.engine().backend.numDataIds();
      const result = tf.tidy(() => {
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.relu(tf.matMul(a, b)).square());
        return tf.grads(f)([tf.tensor(x.data, x.shape), tf.tensor(w.data, w.shape)]).map((g) => Float32Array.from(g.dataSync()));
      });
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(tf.engine().backend.numDataIds()).toBe(buffersBefore);
      return result;
    };
    const [wasmDx, wasmDw] = await gradientsOn('wasm');
    const [cpuDx, cpuDw] = await gradientsOn('cpu');
    expect(relativeError(wasmDx!, cpuDx!)).toBeLessThan(1e-5);
    expect(relativeError(wasmDw!, cpuDw!)).toBeLessThan(1e-5);
  });
});
