import { CONFIG_BOUNDS, SWEEP_BOUNDS } from '@transferlab/run-config';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VALUES, type RunFormValues } from './form-values';
import { describeSweepSize, EMPTY_SWEEP_LISTS, sweepFormFieldOf, sweepSize, toStartSweepInput } from './to-start-sweep-input';

const base: RunFormValues = { ...DEFAULT_VALUES, datasetId: 'd1', name: 'lr sweep', imageSize: '32', epochs: '2', seed: '7' };

describe('toStartSweepInput', () => {
  it('builds the grid from the comma lists and the base from the run form', () => {
    const result = toStartSweepInput(base, { ...EMPTY_SWEEP_LISTS, learningRate: '0.01, 0.001', dropout: '0,0.5' });
    expect(result.errors).toBeUndefined();
    expect(result.input?.name).toBe('lr sweep');
    expect(result.input?.grid).toEqual({ learningRate: [0.01, 0.001], dropout: [0, 0.5] });
    expect(result.input?.base).toMatchObject({ datasetId: 'd1', name: null, strategy: 'FEATURE_EXTRACTION', imageSize: 32, epochs: 2, seed: 7 });
  });

  it("leaves out fine-tuning's lists unless the strategy is FINE_TUNE", () => {
    const lists = { ...EMPTY_SWEEP_LISTS, learningRate: '0.01,0.02', fineTuneLearningRate: '0.001,0.0001', unfreezeFrom: 'block5_conv1' };
    expect(toStartSweepInput(base, lists).input?.grid).toEqual({ learningRate: [0.01, 0.02] });
    const fineTune = toStartSweepInput({ ...base, strategy: 'FINE_TUNE' }, lists).input;
    expect(fineTune?.grid).toEqual({ learningRate: [0.01, 0.02], fineTuneLearningRate: [0.001, 0.0001], unfreezeFrom: ['block5_conv1'] });
    expect(sweepSize(lists, 'FEATURE_EXTRACTION').runs).toBe(2);
    expect(sweepSize(lists, 'FINE_TUNE').runs).toBe(4);
  });

  it('names the bound a value breaks, and the value', () => {
    const { errors } = toStartSweepInput(base, { ...EMPTY_SWEEP_LISTS, learningRate: '0.01, 2', imageSize: `64, ${CONFIG_BOUNDS.imageSize.max + 1}`, dropout: '0.1, x' });
    expect(errors).toEqual({
      'sweep-learningRate': 'Learning rate must be at most 1 (got 2)',
      'sweep-imageSize': `Image size must be at most ${CONFIG_BOUNDS.imageSize.max} (got ${CONFIG_BOUNDS.imageSize.max + 1})`,
      'sweep-dropout': 'Dropout must be a number (got x)',
    });
  });

  it('refuses a grid past SWEEP_BOUNDS, a list too long, or a grid of one run', () => {
    const values = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String((from + i) / 100)).join(',');
    const tooMany = toStartSweepInput(base, { ...EMPTY_SWEEP_LISTS, learningRate: values(5), dropout: values(5, 10) });
    expect(tooMany.errors?.sweep).toBe(`A sweep is at most ${SWEEP_BOUNDS.maxRuns} runs (got 5 x 5 = 25 runs); shorten a list`);
    const longList = toStartSweepInput(base, { ...EMPTY_SWEEP_LISTS, learningRate: values(SWEEP_BOUNDS.maxValuesPerList + 1) });
    expect(longList.errors?.['sweep-learningRate']).toBe(`Learning rate: at most ${SWEEP_BOUNDS.maxValuesPerList} values a list (got ${SWEEP_BOUNDS.maxValuesPerList + 1}); drop some`);
    expect(toStartSweepInput(base, { ...EMPTY_SWEEP_LISTS, learningRate: '0.01' }).errors?.sweep).toMatch(/two or more values/);
    expect(toStartSweepInput(base, { ...EMPTY_SWEEP_LISTS, learningRate: '0.01,0.01' }).errors?.['sweep-learningRate']).toBe('Learning rate: each value once');
    const exactly = toStartSweepInput(base, { ...EMPTY_SWEEP_LISTS, learningRate: values(4), dropout: values(3, 10), imageSize: '32,64' });
    expect(exactly.errors).toBeUndefined();
  });

  it("keeps the run form's own errors", () => {
    expect(toStartSweepInput({ ...base, epochs: '0' }, { ...EMPTY_SWEEP_LISTS, dropout: '0,0.1' }).errors).toEqual({ epochs: 'Epochs must be at least 1' });
  });
});

describe('describeSweepSize', () => {
  it('shows the product live', () => {
    expect(describeSweepSize(sweepSize({ ...EMPTY_SWEEP_LISTS, learningRate: '0.1,0.01', dropout: '0, 0.2, 0.4' }, 'BASELINE'))).toBe('2 x 3 = 6 runs');
    expect(describeSweepSize(sweepSize(EMPTY_SWEEP_LISTS, 'BASELINE'))).toBe('1 run');
  });
});

describe('sweepFormFieldOf', () => {
  it("puts the server's errors beside their fields", () => {
    expect(sweepFormFieldOf('grid.dropout')).toBe('sweep-dropout');
    expect(sweepFormFieldOf('base.augmentation.zoom')).toBe('zoom');
    expect(sweepFormFieldOf('base.epochs')).toBe('epochs');
    expect(sweepFormFieldOf('grid')).toBe('sweep');
  });
});
