import { describe, expect, it } from 'vitest';
import { trainerLabel } from './format';

describe('trainerLabel', () => {
  it('names the backend and where frozen layers ran, whichever the worker reported', () => {
    expect(trainerLabel({ backend: 'wasm', frozenEngine: 'onnxruntime' })).toBe('Trainer (wasm, frozen layers on onnxruntime)');
    expect(trainerLabel({ backend: 'tensorflow-gpu', frozenEngine: 'tensorflow.js' })).toBe('Trainer (tensorflow-gpu, frozen layers on tensorflow.js)');
    // Runs claimed by workers from before the engine was recorded.
    expect(trainerLabel({ backend: 'wasm', frozenEngine: null })).toBe('Trainer (wasm)');
    expect(trainerLabel({ backend: null, frozenEngine: 'onnxruntime' })).toBe('Trainer (frozen layers on onnxruntime)');
  });

  it('is just "Trainer" before a worker claims the run', () => {
    expect(trainerLabel(null)).toBe('Trainer');
    expect(trainerLabel({ backend: null, frozenEngine: null })).toBe('Trainer');
  });
});
