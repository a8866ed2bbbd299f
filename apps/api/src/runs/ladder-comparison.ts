import type { Run } from '@transferlab/db/schema';

/** What the API stores about one rung, gathered for the comparison. */
export interface RungFacts {
  run: Run;
  testAccuracy: number | null;
  /** The run's epochs: each one's training throughput and how long it took. */
  epochs: readonly { imagesPerSecond: number; durationMs: number }[];
}

export interface LadderRung {
  run: Run;
  strategy: Run['strategy'];
  valAccuracy: number | null;
  testAccuracy: number | null;
  wallTimeSeconds: number | null;
  imagesPerSecond: number | null;
}

export interface LadderComparison {
  rungs: LadderRung[];
  transferGain: number | null;
  fineTuneGain: number | null;
  fineTuneHelped: boolean | null;
}

export const LADDER_STRATEGIES = ['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE'] as const satisfies readonly Run['strategy'][];

/**
 * Images per second over all of a run's epochs: the images each epoch trained on (its rate times its
 * duration) summed, over the epochs' summed duration. A plain mean of the rates would let a short
 * epoch count as much as a long one.
 */
export function overallImagesPerSecond(epochs: RungFacts['epochs']): number | null {
  const ms = epochs.reduce((sum, e) => sum + e.durationMs, 0);
  if (ms <= 0) return null;
  return epochs.reduce((sum, e) => sum + e.imagesPerSecond * e.durationMs, 0) / ms;
}

/** Wall time from the claim that started the run to its end; null until it ended. */
export function wallTimeSeconds(run: Pick<Run, 'startedAt' | 'finishedAt'>): number | null {
  if (!run.startedAt || !run.finishedAt) return null;
  return (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
}

function rungOf({ run, testAccuracy, epochs }: RungFacts): LadderRung {
  // A run's accuracies count only once it succeeded: a running one's best so far would move.
  const done = run.status === 'SUCCEEDED';
  return {
    run,
    strategy: run.strategy,
    valAccuracy: done ? run.bestValAccuracy : null,
    testAccuracy: done ? testAccuracy : null,
    wallTimeSeconds: wallTimeSeconds(run),
    imagesPerSecond: overallImagesPerSecond(epochs),
  };
}

/**
 * The ladder's card: each rung's figures, what transfer bought over the baseline (the better
 * transfer run's validation accuracy minus the baseline's), and whether fine-tuning helped over
 * feature extraction. Differences stay null until both sides have finished with an accuracy.
 */
export function compareLadder(facts: readonly RungFacts[]): LadderComparison {
  const rungs = LADDER_STRATEGIES.flatMap((strategy) => facts.filter((f) => f.run.strategy === strategy).map(rungOf));
  const val = (strategy: Run['strategy']) => rungs.find((r) => r.strategy === strategy)?.valAccuracy ?? null;
  const [baseline, extraction, fineTune] = [val('BASELINE'), val('FEATURE_EXTRACTION'), val('FINE_TUNE')];
  const transfers = [extraction, fineTune].filter((v): v is number => v !== null);
  const transferGain = baseline !== null && transfers.length ? Math.max(...transfers) - baseline : null;
  const fineTuneGain = extraction !== null && fineTune !== null ? fineTune - extraction : null;
  return { rungs, transferGain, fineTuneGain, fineTuneHelped: fineTuneGain === null ? null : fineTuneGain > 0 };
}
