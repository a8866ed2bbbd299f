// The figures both sides of bench:pytorch report, read from their JSON lines: PyTorch peers print
// the reference's lines (../shared/bench/pytorch_reference.py), TransferLab's CLI its own.
import { round } from './bench-lines';
import type { LinesResult } from './run-lines';

export type Line = Record<string, unknown>;

export interface PhaseFigures {
  seconds: number | null;
  /** Epochs actually run, counted from the epoch lines. */
  epochs: number;
}

/** One side's training run, the same fields for both. */
export interface RecipeFigures {
  wallSeconds: number;
  totalSeconds: number | null;
  datasetSeconds: number | null;
  phases: { featureExtraction: PhaseFigures; fineTune: PhaseFigures };
  /** A fine-tuning epoch, validation included (the mean over the phase's epochs). */
  fineTuneEpochSeconds: number | null;
  bestValAccuracy: number | null;
  peakRssMB: number | null;
}

/**
 * Runs a PyTorch peer in-process and prints its peak RSS last, even when it exits through
 * sys.exit(main()); argv becomes [script, ...args] as if it had been started directly.
 */
export const PEAK_RSS_WRAPPER = `
import json, resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name='__main__')
finally:
    print(json.dumps({"peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)
`;

/** A PyTorch peer's recipe run (its epoch lines, its `recipe` summary and the wrapper's peak RSS). */
export function peerRecipeFigures(recipe: LinesResult, label: string): { figures: RecipeFigures; summary: Line } {
  const summary = recipe.json.find((l) => l.summary === 'recipe');
  if (!summary) throw new Error(`${label}: no summary line (is it a PyTorch peer printing the reference's lines?)`);
  const peak = recipe.json.find((l) => typeof l.peak_rss_kb === 'number');
  const epochs = recipe.json.filter((l) => typeof l.phase === 'string');
  const phase = (name: string): PhaseFigures => {
    const lines = epochs.filter((l) => l.phase === name);
    return { seconds: round(lines.reduce((s, l) => s + num(l.seconds)!, 0)), epochs: lines.length };
  };
  const figures: RecipeFigures = {
    wallSeconds: round(recipe.wallSeconds),
    totalSeconds: num(summary.total_seconds),
    // The peers decode images inside every epoch (no separate dataset step).
    datasetSeconds: null,
    phases: { featureExtraction: phase('feature_extraction'), fineTune: phase('fine_tune') },
    fineTuneEpochSeconds: roundOrNull(mean(epochs.filter((l) => l.phase === 'fine_tune').map((l) => num(l.seconds)))),
    bestValAccuracy: num(summary.best_val_accuracy),
    peakRssMB: peak ? round(num(peak.peak_rss_kb)! / 1024, 1) : null,
  };
  return { figures, summary };
}

/** TransferLab's `train --json` run, with its epoch lines and summary for the caller's own figures. */
export function transferlabRecipeFigures(train: LinesResult): { figures: RecipeFigures; summary: Line; epochs: Line[] } {
  const summary = train.json.find((l) => l.type === 'summary');
  if (!summary) throw new Error('transferlab: no summary line');
  const epochs = train.json.filter((l) => l.type === 'epoch');
  const timings = summary.timings as { datasetSeconds: number; phases: { phase: string; seconds: number }[]; totalSeconds: number } | null | undefined;
  // The summary's phase timings, not summed epoch durations: those leave out each phase's set-up
  // (such as computing the feature cache), which the peers do inside their epochs.
  const phase = (name: string): PhaseFigures => {
    const seconds = timings?.phases.find((p) => p.phase === name)?.seconds;
    return { seconds: seconds === undefined ? null : round(seconds), epochs: epochs.filter((l) => l.phase === name).length };
  };
  const figures: RecipeFigures = {
    wallSeconds: round(train.wallSeconds),
    totalSeconds: timings ? round(timings.totalSeconds) : null,
    datasetSeconds: timings ? round(timings.datasetSeconds) : null,
    phases: { featureExtraction: phase('FEATURE_EXTRACTION'), fineTune: phase('FINE_TUNE') },
    fineTuneEpochSeconds: roundOrNull(fineTuneEpochSeconds(epochs)),
    // The best epoch's, as the peers report (the saved model keeps that epoch's weights).
    bestValAccuracy: epochs.length ? Math.max(...epochs.map((l) => num(l.valAccuracy) ?? 0)) : null,
    peakRssMB: typeof summary.peakRssBytes === 'number' ? round(summary.peakRssBytes / 1024 ** 2, 1) : null,
  };
  return { figures, summary, epochs };
}

/** TransferLab's fine-tuning epochs' mean wall time (each line's durationMs includes validation). */
export function fineTuneEpochSeconds(epochs: Line[]): number | null {
  return mean(epochs.filter((l) => l.phase === 'FINE_TUNE').map((l) => num(l.durationMs)).map((ms) => (ms === null ? null : ms / 1000)));
}

export function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}

export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null || b === 0 ? null : round(a / b, 3);
}

export function target(value: number | null, met: (v: number) => boolean) {
  return { met: value === null ? null : met(value), value };
}
