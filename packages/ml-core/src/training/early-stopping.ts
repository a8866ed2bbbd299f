/** One phase's early-stopping counters: its own best monitored loss and the epochs since it. */
export interface EarlyStoppingState {
  /** The phase's lowest monitored loss so far (+Infinity before its first epoch). */
  phaseBest: number;
  sinceBest: number;
}

export const EARLY_STOPPING_START: EarlyStoppingState = { phaseBest: Number.POSITIVE_INFINITY, sinceBest: 0 };

/**
 * After one epoch of a phase: did it beat the phase's own best, and should the phase stop?
 *
 * Each phase counts against its own best, as each Keras `fit()` starts its EarlyStopping afresh:
 * fine-tuning's first epochs often score worse than the head's best (a fresh optimizer, newly
 * unfrozen layers), and measured against that best it would be stopped before it could improve.
 * Which epoch is kept overall is a separate question (BestWeights). The last epoch never "stops".
 */
export function earlyStoppingStep(
  state: EarlyStoppingState,
  monitored: number,
  { patience, epoch, epochs }: { patience: number | null; epoch: number; epochs: number },
): { state: EarlyStoppingState; improved: boolean; stop: boolean } {
  const improved = monitored < state.phaseBest;
  const next = improved ? { phaseBest: monitored, sinceBest: 0 } : { phaseBest: state.phaseBest, sinceBest: state.sinceBest + 1 };
  return { state: next, improved, stop: patience != null && next.sinceBest >= patience && epoch < epochs };
}
