import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { PreprocessingMode } from './types';
import { preprocess } from './preprocessing';

// Two pixels in a 1x1x2 image: RGB (10, 20, 30) and (255, 0, 128).
const RGB = [
  [10, 20, 30],
  [255, 0, 128],
];

function pixels(dtype: 'float32' | 'int32' = 'float32'): tf.Tensor4D {
  return tf.tensor4d(RGB.flat(), [1, 1, 2, 3], dtype);
}

function run(mode: PreprocessingMode, dtype?: 'float32' | 'int32'): number[][] {
  const input = pixels(dtype);
  const output = preprocess(input, mode);
  const values = (output.arraySync()[0]?.[0] ?? []) as number[][];
  tf.dispose([input, output]);
  return values;
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((pixel, i) => {
    pixel.forEach((value, c) => expect(actual[i]?.[c]).toBeCloseTo(value, 4));
  });
}

describe('preprocess', () => {
  it('caffe: flips RGB to BGR and subtracts the ImageNet BGR mean, without scaling', () => {
    expectClose(run('caffe'), [
      [30 - 103.939, 20 - 116.779, 10 - 123.68],
      [128 - 103.939, 0 - 116.779, 255 - 123.68],
    ]);
  });

  it('tf: maps 0..255 to -1..1', () => {
    expectClose(run('tf'), [
      [10 / 127.5 - 1, 20 / 127.5 - 1, 30 / 127.5 - 1],
      [1, -1, 128 / 127.5 - 1],
    ]);
  });

  it('rescale: maps 0..255 to 0..1', () => {
    expectClose(run('rescale'), [
      [10 / 255, 20 / 255, 30 / 255],
      [1, 0, 128 / 255],
    ]);
  });

  it('none: keeps the pixels 0..255 (EfficientNet scales them in its own layers)', () => {
    expectClose(run('none'), [
      [10, 20, 30],
      [255, 0, 128],
    ]);
  });

  it.each<PreprocessingMode>(['caffe', 'tf', 'rescale', 'none'])('%s: gives float32 for int32 pixels', (mode) => {
    const input = pixels('int32');
    const output = preprocess(input, mode);
    expect(output.dtype).toBe('float32');
    tf.dispose([input, output]);
  });

  it('gives real-valued output for integer pixels', () => {
    expectClose(run('rescale', 'int32'), [
      [10 / 255, 20 / 255, 30 / 255],
      [1, 0, 128 / 255],
    ]);
    expectClose(run('tf', 'int32'), [
      [10 / 127.5 - 1, 20 / 127.5 - 1, 30 / 127.5 - 1],
      [1, -1, 128 / 127.5 - 1],
    ]);
  });

  it.each<PreprocessingMode>(['caffe', 'tf', 'rescale'])(
    '%s: keeps the shape, leaves the input alone and leaks no tensors',
    (mode) => {
      const input = tf.randomUniform([2, 4, 5, 3], 0, 255) as tf.Tensor4D;
      const inputValues = input.dataSync().slice();
      const before = tf.memory().numTensors;

      const output = preprocess(input, mode);
      // Only the result survives the call.
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(output.shape).toEqual([2, 4, 5, 3]);
      expect(output.dtype).toBe('float32');
      expect(input.isDisposed).toBe(false);
      expect(Array.from(input.dataSync())).toEqual(Array.from(inputValues));

      output.dispose();
      expect(tf.memory().numTensors).toBe(before);
      input.dispose();
    },
  );

  it('rejects images that are not 3-channel', () => {
    const gray = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    expect(() => preprocess(gray, 'tf')).toThrow(/3 channels/);
    expect(tf.memory().numTensors).toBe(before);
    gray.dispose();
  });
});
