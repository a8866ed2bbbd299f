import { SWEEP_PARAMETERS, type SweepParameter } from '@transferlab/run-config';
import type { SweepRankingFieldsFragment } from '@/generated/graphql';

type Grid = SweepRankingFieldsFragment['grid'];
type Entry = SweepRankingFieldsFragment['entries'][number];
export type SweepValue = number | string;

/** The hyperparameters this sweep varies (a list of two or more values), in SWEEP_PARAMETERS' order. */
export function sweptParameters(grid: Grid): SweepParameter[] {
  return SWEEP_PARAMETERS.filter((p) => grid[p].length >= 2);
}

/** A run's value of a hyperparameter, as the table prints it ("—" where the strategy has none). */
export function formatSweepValue(value: SweepValue | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'number' ? String(Number(value.toPrecision(4))) : value;
}

/**
 * Where each value of a swept hyperparameter sits on its parallel-coordinates axis, 0 (bottom) to 1
 * (top): the grid's values in order, evenly spaced. A grid is a handful of picked points (learning
 * rates a decade apart), so even spacing reads better than a linear or log scale and also places
 * layer names. A single value sits in the middle.
 */
export function axisPositions(values: readonly SweepValue[]): Map<SweepValue, number> {
  const sorted = [...values].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
  return new Map(sorted.map((v, i) => [v, sorted.length === 1 ? 0.5 : i / (sorted.length - 1)]));
}

/** An accuracy's place between the worst and best so far (0 to 1), for the line's colour; 1 when all tie. */
export function accuracyShade(value: number, accuracies: readonly number[]): number {
  const low = Math.min(...accuracies);
  const high = Math.max(...accuracies);
  return high > low ? (value - low) / (high - low) : 1;
}

/** From a pale grey-blue (worst) to a deep blue (best): the better runs stand out. */
export function shadeColor(shade: number): string {
  const mix = (from: number, to: number) => Math.round(from + (to - from) * Math.min(1, Math.max(0, shade)));
  return `rgb(${mix(190, 31)}, ${mix(200, 70)}, ${mix(215, 200)})`;
}

export interface ParallelLine {
  runId: string;
  name: string | null;
  valAccuracy: number;
  /** One point per axis (each swept hyperparameter, then validation accuracy), 0 to 1 up the axis. */
  positions: number[];
  color: string;
}

/**
 * The parallel-coordinates chart's lines: one per run with a validation accuracy (best drawn last, on
 * top), across an axis per swept hyperparameter and the validation-accuracy axis (0 to 100%).
 */
export function parallelLines(grid: Grid, entries: readonly Entry[]): ParallelLine[] {
  const axes = sweptParameters(grid).map((p) => ({ p, at: axisPositions(grid[p]) }));
  const measured = entries.filter((e): e is Entry & { valAccuracy: number } => e.valAccuracy !== null);
  const accuracies = measured.map((e) => e.valAccuracy);
  return measured
    .map((e) => ({
      runId: e.run.id,
      name: e.run.name,
      valAccuracy: e.valAccuracy,
      positions: [...axes.map(({ p, at }) => at.get(e.params[p] ?? '') ?? 0.5), e.valAccuracy],
      color: shadeColor(accuracyShade(e.valAccuracy, accuracies)),
    }))
    .sort((a, b) => a.valAccuracy - b.valAccuracy);
}
