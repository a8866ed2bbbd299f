import { describe, expect, it } from 'vitest';
import type { SweepRankingFieldsFragment } from '@/generated/graphql';
import { accuracyShade, axisPositions, formatSweepValue, parallelLines, shadeColor, sweptParameters } from './sweep-figures';

type Entry = SweepRankingFieldsFragment['entries'][number];

const grid = { learningRate: [0.01, 0.001], fineTuneLearningRate: [], unfreezeFrom: [], dropout: [0, 0.2, 0.5], imageSize: [32] };
const entry = (id: string, learningRate: number, dropout: number, valAccuracy: number | null, rank: number | null = null): Entry => ({
  rank,
  valAccuracy,
  testAccuracy: null,
  wallTimeSeconds: null,
  params: { learningRate, fineTuneLearningRate: null, unfreezeFrom: null, dropout, imageSize: 32 },
  run: { id, name: null, status: valAccuracy === null ? 'RUNNING' : 'SUCCEEDED' },
});

describe('sweptParameters', () => {
  it('lists the hyperparameters with two or more values, in the order the dashboard shows them', () => {
    expect(sweptParameters(grid)).toEqual(['learningRate', 'dropout']);
  });
});

describe('axisPositions', () => {
  it('spaces the sorted values evenly from bottom to top, whatever order they were typed in', () => {
    expect([...axisPositions([0.5, 0, 0.2])]).toEqual([
      [0, 0],
      [0.2, 0.5],
      [0.5, 1],
    ]);
    expect(axisPositions(['block5_conv1', 'block4_conv1']).get('block4_conv1')).toBe(0);
    expect(axisPositions([224]).get(224)).toBe(0.5);
  });
});

describe('accuracyShade and shadeColor', () => {
  it('places an accuracy between the worst and the best, and darkens the better runs', () => {
    expect(accuracyShade(0.5, [0.5, 0.75, 1])).toBe(0);
    expect(accuracyShade(0.75, [0.5, 0.75, 1])).toBe(0.5);
    expect(accuracyShade(0.6, [0.6, 0.6])).toBe(1);
    expect(shadeColor(0)).toBe('rgb(190, 200, 215)');
    expect(shadeColor(1)).toBe('rgb(31, 70, 200)');
  });
});

describe('parallelLines', () => {
  it('draws a line per measured run across the swept axes and accuracy, best last', () => {
    const lines = parallelLines(grid, [entry('a', 0.001, 0.5, 0.9, 1), entry('b', 0.01, 0, 0.6, 2), entry('c', 0.01, 0.2, null)]);
    expect(lines.map((l) => l.runId)).toEqual(['b', 'a']);
    expect(lines[0]?.positions).toEqual([1, 0, 0.6]);
    expect(lines[1]?.positions).toEqual([0, 1, 0.9]);
    expect(lines[1]?.color).toBe(shadeColor(1));
  });
});

describe('formatSweepValue', () => {
  it('prints numbers short and a missing value as a dash', () => {
    expect(formatSweepValue(0.00100000001)).toBe('0.001');
    expect(formatSweepValue(null)).toBe('—');
    expect(formatSweepValue('block5_conv1')).toBe('block5_conv1');
  });
});
