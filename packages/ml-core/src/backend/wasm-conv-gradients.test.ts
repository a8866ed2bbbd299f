// The composed WASM gradients must agree with the reference kernels of the plain JS 'cpu' backend.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { restoreBackendAfterEach } from './restore-backend.testing';
import { selectBackend } from './select-backend';
import { registerWasmConvGradients } from './wasm-conv-gradients';
import { relativeError } from '../test-support/relative-error';

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
type Conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;

interface Case {
  kernel: [number, number];
  strides: [number, number];
  pad: Pad;
  /** Output channels for conv2d, channel multiplier for depthwise. */
  out: number;
  roundingMode?: 'ceil';
}

interface Sample {
  xShape: [number, number, number, number];
  wShape: [number, number, number, number];
  x: Float32Array;
  w: Float32Array;
}

const TOLERANCE = 1e-4;
const rng = seedrandom('wasm-conv-gradients');
const randomInt = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const randomValues = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1);
const worst = { conv: { x: 0, w: 0 }, depthwise: { x: 0, w: 0 } };

function sample({ kernel: [kh, kw], pad, out }: Case, filterIn: (cIn: number) => number): Sample {
  const small = pad === 'valid' ? Math.max(kh, kw) : 1;
  const xShape: Sample['xShape'] = [randomInt(1, 3), randomInt(Math.max(3, small), 9), randomInt(Math.max(3, small), 9), randomInt(1, 4)];
  const wShape: Sample['wShape'] = [kh, kw, filterIn(xShape[3]), out];
  return { xShape, wShape, x: randomValues(xShape), w: randomValues(wShape) };
}

/** d/dx and d/dw of sum(conv(x, w) * r) on one backend; r is a fixed function of position. */
async function gradientsOn(backend: string, conv: Conv, s: Sample): Promise<{ x: Float32Array; w: Float32Array; dxComposed?: Float32Array }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(s.x, s.xShape);
    const w = tf.tensor4d(s.w, s.wShape);
    const yShape = conv(x, w).shape;
    const r = tf.tensor(Float32Array.from({ length: yShape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7)), yShape);
    const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r));
    const [dx, dw] = tf.grads(loss)([x, w]);
    return { x: Float32Array.from(dx!.dataSync()), w: Float32Array.from(dw!.dataSync()) };
  });
}

const caseName = (c: Case) => `kernel ${c.kernel.join('x')}, strides ${c.strides.join(',')}, pad ${JSON.stringify(c.pad)}, out ${c.out}${c.roundingMode ? `, ${c.roundingMode}` : ''}`;

const grid: Case[] = [1, 3].flatMap((k) => [1, 2].flatMap((s) => (['same', 'valid'] as const).flatMap((pad) =>
  [{ kernel: [k, k], strides: [s, s], pad, out: randomInt(1, 5) } satisfies Case])));
const convCases: Case[] = [
  ...grid,
  { kernel: [5, 5], strides: [2, 2], pad: 'same', out: 3 },
  { kernel: [3, 2], strides: [2, 1], pad: 'same', out: 2 },
  { kernel: [3, 3], strides: [1, 1], pad: 1, out: 4 },
  { kernel: [3, 3], strides: [2, 2], pad: [[0, 0], [2, 1], [0, 2], [0, 0]], out: 2 },
];
const depthwiseCases: Case[] = [
  ...grid.map((c) => ({ ...c, out: 1 })),
  ...grid.filter((c) => c.kernel[0] === 3).map((c) => ({ ...c, out: 2 })),
  { kernel: [5, 5], strides: [2, 2], pad: 'same', out: 1 },
  { kernel: [3, 2], strides: [2, 1], pad: 'valid', out: 3 },
  { kernel: [3, 3], strides: [2, 2], pad: 1, out: 1, roundingMode: 'ceil' },
];

restoreBackendAfterEach();
beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
});
afterAll(() => {
  console.info('max relative errors, wasm vs cpu:', JSON.stringify(worst));
});

describe('registerWasmConvGradients', () => {
  it('provides the backprop kernels WASM lacks and its own Conv2DBackpropInput, once', () => {
    for (const name of [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.DepthwiseConv2dNativeBackpropFilter, tf.DepthwiseConv2dNativeBackpropInput]) {
      expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    }
    expect(registerWasmConvGradients()).toEqual([]);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'cpu')?.backendName).toBe('cpu');
  });
});

describe('conv2d gradients on wasm match cpu', () => {
  it.each(convCases.map((c) => ({ name: caseName(c), c })))('$name', async ({ c }) => {
    const s = sample(c, (cIn) => cIn);
    const conv: Conv = (x, w) => tf.conv2d(x, w, c.strides, c.pad);
    const wasm = await gradientsOn('wasm', conv, s);
    const cpu = await gradientsOn('cpu', conv, s);
    const errors = { x: relativeError(wasm.x, cpu.x), w: relativeError(wasm.w, cpu.w) };
    worst.conv.x = Math.max(worst.conv.x, errors.x);
    worst.conv.w = Math.max(worst.conv.w, errors.w);
    expect(errors.x, `dx, x ${s.xShape}`).toBeLessThan(TOLERANCE);
    expect(errors.w, `dW, x ${s.xShape}`).toBeLessThan(TOLERANCE);
  });
});

describe('depthwiseConv2d gradients on wasm match cpu', () => {
  it.each(depthwiseCases.map((c) => ({ name: caseName(c), c })))('$name', async ({ c }) => {
    const s = sample(c, (cIn) => cIn);
    const conv: Conv = (x, w) => tf.depthwiseConv2d(x, w, c.strides, c.pad, 'NHWC', 1, c.roundingMode);
    const wasm = await gradientsOn('wasm', conv, s);
    const cpu = await gradientsOn('cpu', conv, s);
    const errors = { x: relativeError(wasm.x, cpu.x), w: relativeError(wasm.w, cpu.w) };
    worst.depthwise.x = Math.max(worst.depthwise.x, errors.x);
    worst.depthwise.w = Math.max(worst.depthwise.w, errors.w);
    expect(errors.x, `dx, x ${s.xShape}`).toBeLessThan(TOLERANCE);
    expect(errors.w, `dW, x ${s.xShape}`).toBeLessThan(TOLERANCE);
  });
});

describe('fused conv2d (linear activation, as tf.layers.conv2d uses by default)', () => {
  it('gets its gradient from the composed kernels and matches cpu', async () => {
    const c: Case = { kernel: [3, 3], strides: [2, 2], pad: 'same', out: 4 };
    const s = sample(c, (cIn) => cIn);
    const bias = tf.tidy(() => tf.keep(tf.tensor1d([0.1, -0.2, 0.3, 0])));
    const conv: Conv = (x, w) => tf.fused.conv2d({ x, filter: w, strides: c.strides, pad: 'same', bias, activation: 'linear' });
    const wasm = await gradientsOn('wasm', conv, s);
    const cpu = await gradientsOn('cpu', conv, s);
    bias.dispose();
    expect(relativeError(wasm.x, cpu.x)).toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.w, cpu.w)).toBeLessThan(TOLERANCE);
  });
});

describe('memory', () => {
  it.each([
    ['conv2d', (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, 2, 'same'), 3],
    ['depthwiseConv2d', (x: tf.Tensor4D, w: tf.Tensor4D) => tf.depthwiseConv2d(x, w, 2, 'same'), 2],
  ] as const)('a %s gradient leaves no tensors or wasm buffers behind', async (_name, conv, out) => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 9, 7, 3]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, out]) as tf.Tensor4D;
    const tensorsBefore = tf.memory().numTensors;
    const buffersBefore = tf.engine().backend.numDataIds();
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(conv(a as tf.Tensor4D, b as tf.Tensor4D)))([x, w]);
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.engine().backend.numDataIds()).toBe(buffersBefore);
    tf.dispose([x, w]);
  });
});
