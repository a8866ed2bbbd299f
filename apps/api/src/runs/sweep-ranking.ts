import { finishedRunStatuses, type Run, type SweepGrid } from '@transferlab/db/schema';
import { runFigures, type GroupRunFacts, type RunFigures } from './run-figures';

/** One run's values of the hyperparameters a sweep can vary (`SweepParams`), from its resolved config. */
export interface SweepParams {
  learningRate: number;
  fineTuneLearningRate: number | null;
  unfreezeFrom: string | null;
  dropout: number;
  imageSize: number;
}

export interface SweepEntry extends RunFigures {
  run: Run;
  rank: number | null;
  params: SweepParams;
}

export interface SweepRanking {
  grid: SweepGrid;
  entries: SweepEntry[];
  best: SweepEntry | null;
  finished: number;
}

/** The swept values as the run stored them (its config is the resolved one, every default filled). */
export function sweepParamsOf(run: Run): SweepParams {
  const config = run.config as Record<string, unknown>;
  const fineTune = run.strategy === 'FINE_TUNE';
  return {
    learningRate: config.learningRate as number,
    fineTuneLearningRate: fineTune ? (config.fineTuneLearningRate as number) : null,
    unfreezeFrom: fineTune ? ((config.unfreezeFrom as string | null | undefined) ?? null) : null,
    dropout: config.dropout as number,
    imageSize: config.imageSize as number,
  };
}

/**
 * A sweep's table: its runs (given in grid order) ranked by validation accuracy, best first, ties
 * to the earlier run; runs without one follow in grid order. `best` is the first ranked run that
 * succeeded (the one whose model to register).
 */
export function rankSweep(grid: SweepGrid, facts: readonly GroupRunFacts[]): SweepRanking {
  const unranked = facts.map((f) => ({ run: f.run, params: sweepParamsOf(f.run), ...runFigures(f) }));
  const withAccuracy = unranked.filter((e) => e.valAccuracy !== null);
  // Array.prototype.sort is stable, so equal accuracies keep grid order.
  const ranked = withAccuracy.sort((a, b) => b.valAccuracy! - a.valAccuracy!).map((e, i) => ({ ...e, rank: i + 1 }));
  const entries: SweepEntry[] = [...ranked, ...unranked.filter((e) => e.valAccuracy === null).map((e) => ({ ...e, rank: null }))];
  const finished = facts.filter((f) => (finishedRunStatuses as readonly string[]).includes(f.run.status)).length;
  return { grid, entries, best: ranked.find((e) => e.run.status === 'SUCCEEDED') ?? null, finished };
}
