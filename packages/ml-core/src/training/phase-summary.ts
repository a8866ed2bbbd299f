import type { Phase } from '../types';
import type { PhaseEnd } from './run-phase';
import type { EpochMetric } from './types';

/** One phase's best epoch and how the phase ended: whether fine-tuning beat the head, and by how much. */
export interface PhaseSummary {
  phase: Phase;
  /** The phase's epoch with the lowest monitored loss (validation loss, else training loss); null before any epoch. */
  bestEpoch: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  epochsRun: number;
  stoppedEarly: boolean;
}

/**
 * Each phase's best, from the epoch metrics. `ends` says how the phases this process ran ended;
 * a phase that only a checkpoint ran stopped early when it ran fewer epochs than `planned`.
 */
export function summarizePhases(metrics: EpochMetric[], ends: Map<Phase, PhaseEnd>, planned: Partial<Record<Phase, number>>): PhaseSummary[] {
  const phases = [...new Set(metrics.map((m) => m.phase))];
  return phases.map((phase) => {
    const rows = metrics.filter((m) => m.phase === phase);
    const best = rows.reduce<EpochMetric | null>((a, m) => (a && !(monitored(m) < monitored(a)) ? a : m), null);
    const end = ends.get(phase);
    return {
      phase,
      bestEpoch: best?.epoch ?? null,
      valLoss: best?.valLoss ?? null,
      valAccuracy: best?.valAccuracy ?? null,
      epochsRun: rows.length,
      stoppedEarly: end ? end === 'early-stopping' : rows.length < (planned[phase] ?? rows.length),
    };
  });
}

function monitored(m: EpochMetric): number {
  return m.valLoss ?? m.loss;
}
