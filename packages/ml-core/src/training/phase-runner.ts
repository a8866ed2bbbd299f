import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import type { Rng } from '../data/random';
import type { Phase } from '../types';
import type { BestWeights } from './best-weights';
import { readWeights, writeWeights, type PhaseState, type TrainCheckpoint } from './checkpoint';
import { summarizePhases, type PhaseSummary } from './phase-summary';
import { runPhase, type PhaseEnd, type PhaseSpec } from './run-phase';
import type { EpochMetric, TrainingCallbacks } from './types';

export interface PhaseTiming {
  phase: Phase;
  seconds: number;
  epochs: number;
}

/** What differs between phases; the rest of a `PhaseSpec` is the run's. */
export type PhasePlan = Pick<PhaseSpec, 'epochs' | 'learningRate' | 'variables' | 'predict' | 'engine' | 'train' | 'val'>;

/**
 * Runs the phases of one run against one model: the settings every phase shares, every epoch's
 * metric (the checkpoint's first, when resuming), each phase's wall time, and checkpoints.
 */
export class PhaseRunner {
  readonly metrics: EpochMetric[];
  readonly timings: PhaseTiming[] = [];
  /** How each phase this process ran ended. */
  readonly ends = new Map<Phase, PhaseEnd>();

  constructor(
    private readonly run: {
      config: TrainConfig;
      rng: Rng;
      classWeights: number[] | null;
      model: tf.LayersModel;
      best: BestWeights;
      callbacks: TrainingCallbacks;
      signal?: AbortSignal;
      resume?: TrainCheckpoint;
      onCheckpoint?: (take: () => TrainCheckpoint) => void | Promise<void>;
    },
  ) {
    this.metrics = [...(run.resume?.metrics ?? [])];
  }

  /** The phase a checkpoint stopped in, if the run resumes one. */
  get resumedPhase(): Phase | undefined {
    return this.run.resume?.phase;
  }

  /** Puts the checkpoint's weights and best epoch into the model (before anything reads its weights). */
  restoreCheckpoint(): void {
    const { resume, model, best, callbacks } = this.run;
    if (!resume) return;
    writeWeights(model, resume.weights);
    if (resume.best) best.adopt(resume.best.score, resume.best.at, resume.best.weights);
    callbacks.onLog?.(`resuming after ${resume.phase} epoch ${resume.epoch} (from a checkpoint)`);
  }

  /** Trains `phase` and records its wall time, including the `setupSeconds` spent preparing it. */
  async train(phase: Phase, setupSeconds: number, plan: PhasePlan): Promise<PhaseEnd> {
    const { config, callbacks } = this.run;
    const started = performance.now();
    try {
      const { end } = await runPhase({
        ...plan,
        phase,
        batchSize: config.batchSize,
        classWeights: this.run.classWeights,
        rng: this.run.rng,
        earlyStoppingPatience: config.earlyStoppingPatience,
        reduceLr: config.reduceLrPatience ? { patience: config.reduceLrPatience, factor: config.reduceLrFactor, minLearningRate: config.minLearningRate } : null,
        best: this.run.best,
        signal: this.run.signal,
        callbacks: { ...callbacks, onEpochEnd: (m) => this.recordEpoch(m) },
        ...this.checkpointing(phase),
      });
      this.ends.set(phase, end);
      return end;
    } finally {
      const seconds = setupSeconds + (performance.now() - started) / 1000;
      this.timings.push({ phase, seconds, epochs: this.metrics.filter((m) => m.phase === phase).length });
    }
  }

  /** Each phase's best epoch and how it ended. */
  phaseSummaries(): PhaseSummary[] {
    const { config } = this.run;
    return summarizePhases(this.metrics, this.ends, { BASELINE: config.epochs, FEATURE_EXTRACTION: config.epochs, FINE_TUNE: config.fineTuneEpochs });
  }

  private async recordEpoch(metric: EpochMetric): Promise<void> {
    this.metrics.push(metric);
    await this.run.callbacks.onEpochEnd?.(metric);
  }

  /** What a phase needs to carry on from the checkpoint (when it is this phase's) and to write new ones. */
  private checkpointing(phase: Phase): Pick<PhaseSpec, 'resume' | 'onEpochDone'> {
    const { resume, onCheckpoint, model, best } = this.run;
    return {
      resume: resume?.phase === phase ? { epoch: resume.epoch, state: resume.state } : undefined,
      onEpochDone: onCheckpoint
        ? (epoch: number, state: PhaseState) =>
            onCheckpoint(() => ({
              phase,
              epoch,
              state,
              metrics: [...this.metrics],
              weights: readWeights(model),
              best: best.bestEpoch && { score: best.score, at: best.bestEpoch, weights: best.snapshot({ phase, epoch }) },
            }))
        : undefined,
    };
  }
}
