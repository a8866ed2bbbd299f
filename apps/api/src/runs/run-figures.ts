import type { Run } from '@transferlab/db/schema';

/** What the API stores about one run of a group, gathered in a few queries for the whole group. */
export interface GroupRunFacts {
  run: Run;
  /** The model's test evaluation; null without a test split or a model. */
  testAccuracy: number | null;
  /** The run's epochs: each one's training throughput and how long it took. */
  epochs: readonly { imagesPerSecond: number; durationMs: number }[];
}

/** The figures a ladder's rung and a sweep's entry show for one run; each null until the run has it. */
export interface RunFigures {
  valAccuracy: number | null;
  testAccuracy: number | null;
  wallTimeSeconds: number | null;
  imagesPerSecond: number | null;
}

/**
 * Images per second over all of a run's epochs: the images each epoch trained on (its rate times its
 * duration) summed, over the epochs' summed duration. A plain mean of the rates would let a short
 * epoch count as much as a long one.
 */
export function overallImagesPerSecond(epochs: GroupRunFacts['epochs']): number | null {
  const ms = epochs.reduce((sum, e) => sum + e.durationMs, 0);
  if (ms <= 0) return null;
  return epochs.reduce((sum, e) => sum + e.imagesPerSecond * e.durationMs, 0) / ms;
}

/** Wall time from the claim that started the run to its end; null until it ended. */
export function wallTimeSeconds(run: Pick<Run, 'startedAt' | 'finishedAt'>): number | null {
  if (!run.startedAt || !run.finishedAt) return null;
  return (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
}

export function runFigures({ run, testAccuracy, epochs }: GroupRunFacts): RunFigures {
  // A run's accuracies count only once it succeeded: a running one's best so far would still move,
  // and a failed one has no model to keep.
  const done = run.status === 'SUCCEEDED';
  return {
    valAccuracy: done ? run.bestValAccuracy : null,
    testAccuracy: done ? testAccuracy : null,
    wallTimeSeconds: wallTimeSeconds(run),
    imagesPerSecond: overallImagesPerSecond(epochs),
  };
}
