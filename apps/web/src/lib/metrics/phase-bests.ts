import type { ModelPageQuery } from '@/generated/graphql';
import { formatNumber, formatPercent } from '@/lib/format';

/** One phase's own best epoch, as the API serves it (Model.phaseBests). */
export type PhaseBestView = Omit<NonNullable<ModelPageQuery['model']>['phaseBests'][number], '__typename'>;

/** What fine-tuning's best did against the head's (feature extraction's) best; null unless both ran. */
export interface FineTuneGain {
  /** Fine-tuning's best validation accuracy minus the head's, as a fraction (0.025 = 2.5 points). */
  accuracy: number | null;
  /** The validation losses of the two bests, head first. */
  loss: [number, number] | null;
  helped: boolean;
}

export function fineTuneGain(phases: PhaseBestView[]): FineTuneGain | null {
  const head = phases.find((p) => p.phase === 'FEATURE_EXTRACTION');
  const tuned = phases.find((p) => p.phase === 'FINE_TUNE');
  if (!head || !tuned || tuned.bestEpoch === null) return null;
  const accuracy = head.valAccuracy !== null && tuned.valAccuracy !== null ? tuned.valAccuracy - head.valAccuracy : null;
  const loss: [number, number] | null = head.valLoss !== null && tuned.valLoss !== null ? [head.valLoss, tuned.valLoss] : null;
  // The kept epoch is the lowest validation loss over both phases, so that is what "helped" means.
  const helped = loss ? loss[1] < loss[0] : (accuracy ?? 0) > 0;
  return { accuracy, loss, helped };
}

/** One sentence for the model page: did fine-tuning beat the head, and by how much. */
export function describeFineTuneGain(gain: FineTuneGain): string {
  const points = gain.accuracy === null ? null : `${gain.accuracy >= 0 ? '+' : '−'}${formatPercent(Math.abs(gain.accuracy)).replace('%', '')} points of validation accuracy`;
  const loss = gain.loss ? `validation loss ${formatNumber(gain.loss[0])} → ${formatNumber(gain.loss[1])}` : null;
  const detail = [points, loss].filter(Boolean).join(', ');
  return gain.helped
    ? `Fine-tuning beat the head's best${detail ? ` (${detail})` : ''}: the model keeps a fine-tuned epoch.`
    : `Fine-tuning did not beat the head's best${detail ? ` (${detail})` : ''}: the model keeps the head's epoch.`;
}
