import { GraphQLError } from 'graphql';
import { SWEEP_BOUNDS } from '@transferlab/ml-core/no-tfjs';
import { describe, expect, it } from 'vitest';
import { groupRunSuffix, maxGroupName } from './group-run-names';
import { expandSweepGrid, gridIndex, sweepPointLabels } from './sweep-grid';

/** The error `fn` throws: its message and the field it names. */
function refusal(fn: () => unknown): { message: string; field: unknown } {
  try {
    fn();
  } catch (error) {
    if (error instanceof GraphQLError) return { message: error.message, field: error.extensions.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('expandSweepGrid', () => {
  it('expands the product of the lists in SWEEP_PARAMETERS order, the first varying slowest', () => {
    const { grid, points, swept } = expandSweepGrid({ dropout: [0.2, 0.5], learningRate: [0.01, 0.001], imageSize: [64] }, 'FEATURE_EXTRACTION');
    expect(grid).toEqual({ learningRate: [0.01, 0.001], fineTuneLearningRate: [], unfreezeFrom: [], dropout: [0.2, 0.5], imageSize: [64] });
    expect(swept).toEqual(['learningRate', 'dropout']);
    expect(points).toEqual([
      { learningRate: 0.01, dropout: 0.2, imageSize: 64 },
      { learningRate: 0.01, dropout: 0.5, imageSize: 64 },
      { learningRate: 0.001, dropout: 0.2, imageSize: 64 },
      { learningRate: 0.001, dropout: 0.5, imageSize: 64 },
    ]);
    // gridIndex finds each point back from its values (the order RunGroup.runs serves).
    expect(points.map((p) => gridIndex(grid, p))).toEqual([0, 1, 2, 3]);
    expect(gridIndex(grid, { learningRate: 0.1, dropout: 0.2, imageSize: 64 })).toBe(-1);
  });

  it('names each run by its swept values only', () => {
    const { points, swept } = expandSweepGrid({ learningRate: [0.001, 0.0001], dropout: [0.3], unfreezeFrom: ['block5_conv1', 'block4_conv1'] }, 'FINE_TUNE');
    expect(points.map((p) => sweepPointLabels(p, swept).join(' · '))).toEqual([
      'lr 0.001 · unfreeze block5_conv1',
      'lr 0.001 · unfreeze block4_conv1',
      'lr 0.0001 · unfreeze block5_conv1',
      'lr 0.0001 · unfreeze block4_conv1',
    ]);
    expect(`flowers${groupRunSuffix(sweepPointLabels(points[0]!, swept))}`).toBe('flowers · lr 0.001 · unfreeze block5_conv1');
    // The longest suffix decides how long the sweep's name may be.
    expect(maxGroupName([' · a', ' · abc'])).toBe(maxGroupName([' · abc']));
    expect(maxGroupName([' · a'])).toBe(maxGroupName([' · abc']) + 2);
  });

  it('accepts a full grid of SWEEP_BOUNDS.maxRuns runs and refuses one more, naming the bound', () => {
    // 24 = 4 x 3 x 2; 25 = 5 x 5.
    expect(expandSweepGrid({ learningRate: [0.1, 0.01, 0.001, 0.0001], dropout: [0, 0.2, 0.4], imageSize: [32, 64] }, 'FEATURE_EXTRACTION').points).toHaveLength(SWEEP_BOUNDS.maxRuns);
    const over = refusal(() => expandSweepGrid({ learningRate: [0.1, 0.01, 0.001, 0.0001, 0.00001], dropout: [0, 0.1, 0.2, 0.3, 0.4] }, 'FEATURE_EXTRACTION'));
    expect(over.message).toBe(`This grid makes 25 runs (5 x 5), but a sweep queues at most ${SWEEP_BOUNDS.maxRuns}. Remove values from its lists.`);
  });

  it('refuses a list past maxValuesPerList, a repeated value, no list of two values, and fine-tune lists on other strategies', () => {
    const long = refusal(() => expandSweepGrid({ imageSize: [32, 40, 48, 56, 64, 72, 80, 88, 96] }, 'FEATURE_EXTRACTION'));
    expect(long).toEqual({ message: `grid.imageSize has 9 values, but a sweep list holds at most ${SWEEP_BOUNDS.maxValuesPerList}. Remove some values.`, field: 'grid.imageSize' });
    const repeated = refusal(() => expandSweepGrid({ dropout: [0.2, 0.3, 0.2] }, 'FEATURE_EXTRACTION'));
    expect(repeated.field).toBe('grid.dropout');
    expect(repeated.message).toMatch(/^grid\.dropout lists 0\.2 more than once/);
    for (const grid of [{}, { learningRate: [0.01] }, { learningRate: [], dropout: [0.1] }]) {
      expect(refusal(() => expandSweepGrid(grid, 'FEATURE_EXTRACTION')).message).toMatch(/^A sweep needs at least one grid list with two or more values/);
    }
    for (const strategy of ['FEATURE_EXTRACTION', 'BASELINE'] as const) {
      const fineTune = refusal(() => expandSweepGrid({ learningRate: [0.1, 0.01], fineTuneLearningRate: [0.0001] }, strategy));
      expect(fineTune).toEqual({ message: expect.stringContaining(`grid.fineTuneLearningRate applies to FINE_TUNE runs only`), field: 'grid.fineTuneLearningRate' });
      expect(refusal(() => expandSweepGrid({ unfreezeFrom: ['a', 'b'] }, strategy)).field).toBe('grid.unfreezeFrom');
    }
    expect(expandSweepGrid({ fineTuneLearningRate: [0.0001, 0.00001] }, 'FINE_TUNE').points).toHaveLength(2);
  });
});
