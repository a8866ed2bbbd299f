import { boundProblem, CONFIG_BOUNDS, FINE_TUNE_ONLY_SWEEP_PARAMETERS, SWEEP_BOUNDS, SWEEP_PARAMETERS, type SweepParameter } from '@transferlab/run-config';
import type { Strategy, StartSweepInput, SweepGridInput } from '@/generated/graphql';
import type { RunFormValues } from './form-values';
import { formFieldOf, toStartRunInput, type FieldErrors } from './to-start-run-input';

/** Each sweepable hyperparameter's values as the user types them: "0.01, 0.001". */
export type SweepListValues = Record<SweepParameter, string>;

export const EMPTY_SWEEP_LISTS: SweepListValues = { learningRate: '', fineTuneLearningRate: '', unfreezeFrom: '', dropout: '', imageSize: '' };

/** The form's and the sweep page's labels (run names use run-config's shorter SWEEP_PARAMETER_LABELS). */
export const SWEEP_LABEL: Record<SweepParameter, string> = {
  learningRate: 'Learning rate',
  fineTuneLearningRate: 'Fine-tune learning rate',
  unfreezeFrom: 'Unfreeze from layer',
  dropout: 'Dropout',
  imageSize: 'Image size',
};

const FINE_TUNE_ONLY: ReadonlySet<SweepParameter> = new Set(FINE_TUNE_ONLY_SWEEP_PARAMETERS);

/** The sweep's form field of a hyperparameter (its error's key): `sweep-learningRate`. */
export const sweepFieldId = (parameter: SweepParameter) => `sweep-${parameter}`;

/** Whether the strategy takes this hyperparameter (fine-tuning's two only for FINE_TUNE). */
export function sweepApplies(parameter: SweepParameter, strategy: Strategy): boolean {
  return !FINE_TUNE_ONLY.has(parameter) || strategy === 'FINE_TUNE';
}

/** A list's values as typed, split on commas, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** How many values each applicable list holds, and the runs the grid makes (an empty list counts once). */
export function sweepSize(lists: SweepListValues, strategy: Strategy): { lengths: number[]; runs: number } {
  const lengths = SWEEP_PARAMETERS.filter((p) => sweepApplies(p, strategy))
    .map((p) => splitList(lists[p]).length)
    .filter((n) => n > 0);
  return { lengths, runs: lengths.reduce((a, b) => a * b, 1) };
}

/** "2 x 3 = 6 runs", as the form shows the grid's size live. */
export function describeSweepSize({ lengths, runs }: { lengths: number[]; runs: number }): string {
  const plural = runs === 1 ? 'run' : 'runs';
  return lengths.length < 2 ? `${runs} ${plural}` : `${lengths.join(' x ')} = ${runs} ${plural}`;
}

/** One list's values parsed and checked against CONFIG_BOUNDS, or what is wrong with it. */
function parseList(parameter: SweepParameter, text: string): { values: (number | string)[] } | { error: string } {
  const label = SWEEP_LABEL[parameter];
  const raw = splitList(text);
  if (raw.length > SWEEP_BOUNDS.maxValuesPerList) return { error: `${label}: at most ${SWEEP_BOUNDS.maxValuesPerList} values a list (got ${raw.length}); drop some` };
  if (new Set(raw).size !== raw.length) return { error: `${label}: each value once` };
  if (parameter === 'unfreezeFrom') {
    const long = raw.find((v) => v.length > 200);
    return long ? { error: `${label}: a layer name is at most 200 characters` } : { values: raw };
  }
  const values: number[] = [];
  for (const text of raw) {
    const value = Number(text);
    const problem = Number.isNaN(value) ? `must be a number (got ${text})` : boundProblem(CONFIG_BOUNDS[parameter], value);
    if (problem) return { error: `${label} ${problem}` };
    values.push(value);
  }
  return { values };
}

/**
 * The sweep form (the run form's settings as the base, and a list of values per hyperparameter) as a
 * StartSweepInput, or the message for each field that is wrong. The grid's bounds are
 * @transferlab/run-config's, the API's own; the server's verdict still wins.
 */
export function toStartSweepInput(values: RunFormValues, lists: SweepListValues): { input: StartSweepInput; errors?: undefined } | { input?: undefined; errors: FieldErrors } {
  const base = toStartRunInput(values);
  const errors: FieldErrors = { ...base.errors };
  const grid: SweepGridInput = {};
  for (const parameter of SWEEP_PARAMETERS) {
    if (!sweepApplies(parameter, values.strategy)) continue;
    const parsed = parseList(parameter, lists[parameter]);
    if ('error' in parsed) errors[sweepFieldId(parameter)] = parsed.error;
    else if (parsed.values.length > 0) (grid as Record<string, unknown>)[parameter] = parsed.values;
  }
  const size = sweepSize(lists, values.strategy);
  if (!size.lengths.some((n) => n >= 2)) errors.sweep = 'Give at least one hyperparameter two or more values, separated by commas';
  if (size.runs > SWEEP_BOUNDS.maxRuns) errors.sweep = `A sweep is at most ${SWEEP_BOUNDS.maxRuns} runs (got ${describeSweepSize(size)}); shorten a list`;
  if (Object.keys(errors).length > 0 || !base.input) return { errors };
  const { name, ...rest } = base.input;
  return { input: { name: name ?? null, base: { ...rest, name: null }, grid } };
}

/** The form field of a server error's path: `base.epochs` → `epochs`, `grid.dropout` → `sweep-dropout`, `grid` (its size) → `sweep`. */
export function sweepFormFieldOf(serverPath: string): string {
  const [head, ...rest] = serverPath.split('.');
  const tail = rest.join('.');
  if (serverPath === 'grid') return 'sweep';
  if (head === 'grid' && (SWEEP_PARAMETERS as readonly string[]).includes(tail)) return sweepFieldId(tail as SweepParameter);
  return formFieldOf(head === 'base' ? tail : serverPath);
}
