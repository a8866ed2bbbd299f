import type { Run } from '@transferlab/db/schema';
import { runFigures, type GroupRunFacts, type RunFigures } from './run-figures';

export interface LadderRung extends RunFigures {
  run: Run;
  strategy: Run['strategy'];
}

export interface LadderComparison {
  rungs: LadderRung[];
  transferGain: number | null;
  fineTuneGain: number | null;
  fineTuneHelped: boolean | null;
}

export const LADDER_STRATEGIES = ['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE'] as const satisfies readonly Run['strategy'][];

/**
 * The ladder's card: each rung's figures, what transfer bought over the baseline (the better
 * transfer run's validation accuracy minus the baseline's), and whether fine-tuning helped over
 * feature extraction. Differences stay null until both sides have finished with an accuracy.
 */
export function compareLadder(facts: readonly GroupRunFacts[]): LadderComparison {
  const rungs = LADDER_STRATEGIES.flatMap((strategy) => facts.filter((f) => f.run.strategy === strategy).map((f) => ({ run: f.run, strategy: f.run.strategy, ...runFigures(f) })));
  const val = (strategy: Run['strategy']) => rungs.find((r) => r.strategy === strategy)?.valAccuracy ?? null;
  const [baseline, extraction, fineTune] = [val('BASELINE'), val('FEATURE_EXTRACTION'), val('FINE_TUNE')];
  const transfers = [extraction, fineTune].filter((v): v is number => v !== null);
  const transferGain = baseline !== null && transfers.length ? Math.max(...transfers) - baseline : null;
  const fineTuneGain = extraction !== null && fineTune !== null ? fineTune - extraction : null;
  return { rungs, transferGain, fineTuneGain, fineTuneHelped: fineTuneGain === null ? null : fineTuneGain > 0 };
}
