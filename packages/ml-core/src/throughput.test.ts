// The fine-tuning step's breakdown in `measureThroughput`: every part present, and together they
// make up the step measured around it (so no part is missing or counted twice).
import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';
import { setFrozenEngine } from './onnx/frozen-network';
import { measureThroughput } from './throughput';
import { STEP_PARTS } from './training/step-profile';

afterEach(() => setFrozenEngine('auto'));

it('breaks the ONNX Runtime fine-tuning step into parts that sum to about the step, leaking nothing', async () => {
  setFrozenEngine('onnxruntime');
  const before = tf.memory().numTensors;
  const result = await measureThroughput({ backbone: 'VGG16', imageSize: 64, batchSize: 4, unfreezeFrom: 'block5', reps: 3 });
  expect(tf.memory().numTensors).toBe(before);
  expect(result.trainingEngine).toBe('onnxruntime');
  const step = result.fineTuneStep!;
  expect(Object.keys(step.parts).sort()).toEqual([...STEP_PARTS].sort());
  for (const part of ['frozenPrefix', 'onnxForward', 'onnxBackward', 'head', 'adam'] as const) expect(step.parts[part].ms, part).toBeGreaterThan(0);
  const sum = Object.values(step.parts).reduce((s, p) => s + p.ms, 0);
  expect(Object.values(step.parts).reduce((s, p) => s + p.fraction, 0)).toBeCloseTo(1, 6);
  expect(Math.abs(step.ms - sum), `step ${step.ms} ms, parts ${sum} ms`).toBeLessThan(0.1 * step.ms + 1);
  expect(step.unaccountedMs).toBeCloseTo(step.ms - sum, 6);
  expect(step.validationMsPerImage).toBeGreaterThan(0);
  // Block 5 at 64 px: three 3x3 convolutions of 512 channels on 4x4 maps.
  expect(result.chainGflopPerImage!.forward).toBeCloseTo((3 * 2 * 4 * 4 * 512 * 512 * 9) / 1e9, 9);
  expect(result.convolutionRate!.gflops).toBeGreaterThan(0);
  // The step does the probe's convolutions and more, on the same load: it cannot be much faster than them.
  expect(result.fineTuneStepFractionOfConvolutionRate).toBeGreaterThan(0);
  expect(result.fineTuneStepFractionOfConvolutionRate).toBeLessThan(1.3);
});
