import type { SweepGrid } from '@transferlab/db/schema';
import { FINE_TUNE_ONLY_SWEEP_PARAMETERS, SWEEP_BOUNDS, SWEEP_PARAMETER_LABELS, SWEEP_PARAMETERS, type SweepParameter } from '@transferlab/ml-core/no-tfjs';
import { badInput } from '../errors';
import type { Strategy, SweepGridInput } from '../generated/graphql';

/** One run of a sweep: its value of each hyperparameter the grid lists (the others come from the base). */
export type SweepPoint = { [P in SweepParameter]?: SweepGrid[P][number] };

export interface ExpandedSweep {
  /** The grid as stored: each list as given, empty for a hyperparameter the grid leaves to the base. */
  grid: SweepGrid;
  /** Every combination, in grid order: the first parameter (SWEEP_PARAMETERS order) varies slowest. */
  points: SweepPoint[];
  /** The parameters with two or more values: the ones a run's name shows. */
  swept: SweepParameter[];
}

const field = (parameter: SweepParameter) => `grid.${parameter}`;

/** Refuses a list that is too long or repeats a value, naming the bound. */
function checkList(parameter: SweepParameter, values: readonly (number | string)[]): void {
  const { maxValuesPerList } = SWEEP_BOUNDS;
  if (values.length > maxValuesPerList) {
    throw badInput(`${field(parameter)} has ${values.length} values, but a sweep list holds at most ${maxValuesPerList}. Remove some values.`, { field: field(parameter), maxValuesPerList });
  }
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) {
    throw badInput(`${field(parameter)} lists ${repeated} more than once; each value of a sweep list must differ (a repeated value would train the same run twice).`, { field: field(parameter) });
  }
}

/**
 * Checks a sweep's grid against SWEEP_BOUNDS and expands it into its runs' values, before anything
 * is stored. Each value's own bounds are startRun's, checked when each run is prepared.
 */
export function expandSweepGrid(input: SweepGridInput, strategy: Strategy): ExpandedSweep {
  const grid: SweepGrid = {
    learningRate: input.learningRate ?? [],
    fineTuneLearningRate: input.fineTuneLearningRate ?? [],
    unfreezeFrom: input.unfreezeFrom ?? [],
    dropout: input.dropout ?? [],
    imageSize: input.imageSize ?? [],
  };
  for (const parameter of SWEEP_PARAMETERS) checkList(parameter, grid[parameter]);
  if (strategy !== 'FINE_TUNE') {
    const fineTuneOnly = FINE_TUNE_ONLY_SWEEP_PARAMETERS.find((p) => grid[p].length > 0);
    if (fineTuneOnly) throw badInput(`${field(fineTuneOnly)} applies to FINE_TUNE runs only (their second phase), and this sweep's strategy is ${strategy}. Leave it empty, or sweep a FINE_TUNE run.`, { field: field(fineTuneOnly) });
  }
  const swept = SWEEP_PARAMETERS.filter((p) => grid[p].length >= 2);
  if (!swept.length) {
    throw badInput(`A sweep needs at least one grid list with two or more values (${SWEEP_PARAMETERS.join(', ')}); for a single run, use startRun.`, { field: 'grid' });
  }
  const sizes = SWEEP_PARAMETERS.map((p) => grid[p].length).filter((n) => n > 0);
  const runCount = sizes.reduce((a, b) => a * b, 1);
  if (runCount > SWEEP_BOUNDS.maxRuns) {
    throw badInput(`This grid makes ${runCount} runs (${sizes.join(' x ')}), but a sweep queues at most ${SWEEP_BOUNDS.maxRuns}. Remove values from its lists.`, { field: 'grid', runs: runCount, maxRuns: SWEEP_BOUNDS.maxRuns });
  }
  let points: SweepPoint[] = [{}];
  for (const parameter of SWEEP_PARAMETERS) {
    const values: readonly (number | string)[] = grid[parameter];
    if (values.length) points = points.flatMap((point) => values.map((value) => ({ ...point, [parameter]: value })));
  }
  return { grid, points, swept };
}

/** "lr 0.001", "dropout 0.3": each swept value of a run, in SWEEP_PARAMETERS order. */
export function sweepPointLabels(point: SweepPoint, swept: readonly SweepParameter[]): string[] {
  return swept.map((p) => `${SWEEP_PARAMETER_LABELS[p]} ${point[p]}`);
}

/** Where a run sits in its sweep's grid (SWEEP_PARAMETERS order, first varying slowest); -1 when its values are not the grid's. */
export function gridIndex(grid: SweepGrid, values: Partial<Record<SweepParameter, number | string | null>>): number {
  let index = 0;
  for (const parameter of SWEEP_PARAMETERS) {
    const list: readonly (number | string)[] = grid[parameter];
    if (!list.length) continue;
    const value = values[parameter];
    const at = value === undefined || value === null ? -1 : list.indexOf(value);
    if (at < 0) return -1;
    index = index * list.length + at;
  }
  return index;
}
