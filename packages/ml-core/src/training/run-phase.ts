import * as tf from '@tensorflow/tfjs';
import type { Phase } from '../types';
import { shuffleInPlace, type Rng } from '../data/random';
import type { BestWeights } from './best-weights';
import type { PhaseState } from './checkpoint';
import { EARLY_STOPPING_START, earlyStoppingStep, type EarlyStoppingState } from './early-stopping';
import { correctCount, weightedCrossEntropy } from './loss';
import type { EpochMetric, ExampleSet, TrainingCallbacks } from './types';

export interface PhaseSpec {
  phase: Phase;
  epochs: number;
  learningRate: number;
  batchSize: number;
  /** The variables this phase trains (the head, plus unfrozen backbone layers when fine-tuning). */
  variables: tf.Variable[];
  /** Model input → class probabilities; `training` turns dropout on. */
  predict: (x: tf.Tensor, training: boolean) => tf.Tensor;
  /** Replaces the TensorFlow.js step and inference, e.g. to run the unfrozen layers on ONNX Runtime. */
  engine?: PhaseEngine;
  train: ExampleSet;
  val: ExampleSet | null;
  classWeights: number[] | null;
  rng: Rng;
  earlyStoppingPatience: number | null;
  reduceLr: { patience: number; factor: number; minLearningRate: number } | null;
  best: BestWeights;
  signal?: AbortSignal;
  callbacks: TrainingCallbacks;
  /** Carry on after `epoch` epochs, from a checkpoint's state. */
  resume?: { epoch: number; state: PhaseState };
  /** After each epoch, once its metric is out and the loop has decided what comes next. */
  onEpochDone?: (epoch: number, state: PhaseState) => void | Promise<void>;
}

export interface PhaseEngine {
  /** One optimizer step on a batch: its mean loss and how many it got right. */
  step(x: tf.Tensor, labels: tf.Tensor1D, sampleWeights: tf.Tensor1D | undefined, optimizer: tf.Optimizer): Promise<[number, number]>;
  /** Class probabilities in inference mode; the caller disposes them. */
  predict(x: tf.Tensor): Promise<tf.Tensor>;
}

export type PhaseEnd = 'completed' | 'early-stopping' | 'canceled';

export interface PhaseResult {
  end: PhaseEnd;
  metrics: EpochMetric[];
}

/**
 * Trains one phase with Adam. Per epoch: shuffled batches, one metric row, early stopping (on this
 * phase's own best) and reduce-on-plateau on the monitored loss (validation loss when there is a
 * validation set).
 * The best epoch's weights are kept by `best`; the caller restores them.
 */
export async function runPhase(spec: PhaseSpec): Promise<PhaseResult> {
  const { train, batchSize, callbacks } = spec;
  const optimizer = tf.train.adam(spec.learningRate);
  const engine = spec.engine ?? tfjsEngine(spec.predict, spec.variables);
  const metrics: EpochMetric[] = [];
  const batches = Math.ceil(train.count / batchSize);
  const order = Array.from({ length: train.count }, (_, i) => i);
  const weightsByClass = spec.classWeights ? Float32Array.from(spec.classWeights) : null;
  const initial = spec.resume?.state ?? { learningRate: spec.learningRate, sinceLrImproved: 0, lrScore: Number.POSITIVE_INFINITY, ...EARLY_STOPPING_START };
  let { learningRate, sinceLrImproved, lrScore } = initial;
  let stopping: EarlyStoppingState = { phaseBest: initial.phaseBest, sinceBest: initial.sinceBest };
  if (learningRate !== spec.learningRate) setLearningRate(optimizer, learningRate);
  // A checkpoint taken when the phase ended leaves no epoch to run; it ended early only by early stopping.
  const resumedEnded = spec.resume?.state.done ?? false;
  const firstEpoch = resumedEnded ? spec.epochs + 1 : (spec.resume?.epoch ?? 0) + 1;
  let end: PhaseEnd = resumedEnded && spec.resume!.epoch < spec.epochs ? 'early-stopping' : 'completed';
  const phaseStart = performance.now();
  let batchesDone = 0;

  try {
    epochs: for (let epoch = firstEpoch; epoch <= spec.epochs; epoch++) {
      const started = performance.now();
      shuffleInPlace(order, spec.rng);
      let lossSum = 0;
      let correct = 0;
      const batchOf = (b: number) => order.slice(b * batchSize, (b + 1) * batchSize);
      // The next batch is gathered while this one trains: with a frozen part on ONNX Runtime,
      // that part computes on its threads while TensorFlow.js trains on this one.
      let pending: Promise<tf.Tensor> | null = Promise.resolve(spec.train.gather(batchOf(0), { training: true }));
      try {
        for (let b = 0; b < batches; b++) {
          if (spec.signal?.aborted) {
            end = 'canceled';
            break epochs;
          }
          const indices = batchOf(b);
          const x: tf.Tensor = await pending!;
          pending = b + 1 < batches ? Promise.resolve(spec.train.gather(batchOf(b + 1), { training: true })) : null;
          let loss: number;
          let hits: number;
          try {
            [loss, hits] = await engineStep(spec, engine, optimizer, x, indices, weightsByClass);
          } finally {
            x.dispose();
          }
          lossSum += loss * indices.length;
          correct += hits;
          batchesDone++;
          const elapsed = (performance.now() - phaseStart) / 1000;
          const remaining = (spec.epochs - firstEpoch + 1) * batches - batchesDone;
          callbacks.onBatchEnd?.({
            phase: spec.phase,
            epoch,
            epochs: spec.epochs,
            batch: b + 1,
            batches,
            etaSeconds: (elapsed / batchesDone) * remaining,
          });
          // Yield to the event loop so callers (progress reporters, abort handlers) get a turn.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        // A batch gathered ahead but not trained (cancellation, an error) is released.
        if (pending) (await pending.catch(() => null))?.dispose();
      }
      const trainMs = performance.now() - started;
      const val = spec.val ? await evaluateSet(spec.val, spec.engine ?? spec.predict, batchSize) : null;
      const durationMs = performance.now() - started;
      const metric: EpochMetric = {
        phase: spec.phase,
        epoch,
        loss: lossSum / train.count,
        accuracy: correct / train.count,
        valLoss: val?.loss ?? null,
        valAccuracy: val?.accuracy ?? null,
        learningRate,
        durationMs: Math.round(durationMs),
        imagesPerSecond: train.count / (trainMs / 1000),
        at: new Date(),
      };
      metrics.push(metric);
      await callbacks.onEpochEnd?.(metric);

      const monitored = metric.valLoss ?? metric.loss;
      // The run keeps its best epoch over all phases; this phase stops on its own best alone.
      spec.best.consider(monitored, { phase: spec.phase, epoch });
      const step = earlyStoppingStep(stopping, monitored, { patience: spec.earlyStoppingPatience, epoch, epochs: spec.epochs });
      stopping = step.state;
      const { stop } = step;
      if (stop) {
        callbacks.onLog?.(`${spec.phase}: early stopping after epoch ${epoch}: no improvement on this phase's best in ${stopping.sinceBest} epochs.`);
        end = 'early-stopping';
      } else if (spec.reduceLr) {
        if (monitored < lrScore) {
          lrScore = monitored;
          sinceLrImproved = 0;
        } else if (++sinceLrImproved >= spec.reduceLr.patience) {
          const next = Math.max(learningRate * spec.reduceLr.factor, spec.reduceLr.minLearningRate);
          if (next < learningRate) {
            callbacks.onLog?.(`${spec.phase}: learning rate ${learningRate} → ${next} (plateau).`);
            learningRate = next;
            setLearningRate(optimizer, next);
          }
          sinceLrImproved = 0;
        }
      }
      await spec.onEpochDone?.(epoch, { learningRate, ...stopping, sinceLrImproved, lrScore, done: stop || epoch === spec.epochs });
      if (stop) break;
    }
  } finally {
    optimizer.dispose();
  }
  return { end, metrics };
}

/**
 * The all-TensorFlow.js step: Adam over `variables`, with training accuracy taken from the same
 * forward pass, as Keras reports it.
 */
export function tfjsEngine(predict: PhaseSpec['predict'], variables: tf.Variable[]): PhaseEngine {
  return {
    async step(x, labels, sampleWeights, optimizer) {
      let hits: tf.Scalar | null = null;
      const loss = optimizer.minimize(
        () => {
          const probs = predict(x, true);
          // Kept because minimize disposes everything its closure made except the loss.
          hits = tf.keep(correctCount(probs, labels));
          return weightedCrossEntropy(probs, labels, sampleWeights);
        },
        true,
        variables,
      )!;
      try {
        return [loss.dataSync()[0]!, hits!.dataSync()[0]!];
      } finally {
        loss.dispose();
        (hits as tf.Scalar | null)?.dispose();
      }
    },
    predict: async (x) => tf.tidy(() => predict(x, false)),
  };
}

async function engineStep(spec: PhaseSpec, engine: PhaseEngine, optimizer: tf.Optimizer, x: tf.Tensor, indices: number[], weightsByClass: Float32Array | null): Promise<[number, number]> {
  const labels = indices.map((i) => spec.train.labels[i]!);
  const y = tf.tensor1d(labels, 'int32');
  const sampleWeights = weightsByClass ? tf.tensor1d(labels.map((l) => weightsByClass[l]!)) : undefined;
  try {
    return await engine.step(x, y, sampleWeights, optimizer);
  } finally {
    tf.dispose([y, ...(sampleWeights ? [sampleWeights] : [])]);
  }
}

/** Loss and accuracy of a whole example set, in inference mode. */
export async function evaluateSet(set: ExampleSet, predict: PhaseSpec['predict'] | PhaseEngine, batchSize: number): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
    const probs = await inferenceProbabilities(set, indices, predict);
    const [loss, hits] = tf.tidy(() => {
      const y = tf.tensor1d(indices.map((i) => set.labels[i]!), 'int32');
      return [weightedCrossEntropy(probs, y).dataSync()[0]!, correctCount(probs, y).dataSync()[0]!];
    });
    probs.dispose();
    lossSum += loss * indices.length;
    correct += hits;
  }
  return { loss: lossSum / set.count, accuracy: correct / set.count };
}

/** Class probabilities for `indices` of `set`, in inference mode; the caller disposes them. */
export async function inferenceProbabilities(set: ExampleSet, indices: number[], predict: PhaseSpec['predict'] | PhaseEngine): Promise<tf.Tensor> {
  const x = await set.gather(indices, { training: false });
  try {
    return typeof predict === 'function' ? tf.tidy(() => predict(x, false)) : await predict.predict(x);
  } finally {
    x.dispose();
  }
}

// tfjs's Adam reads `learningRate` on every step but declares it protected; Keras users expect
// to change it between epochs (ReduceLROnPlateau), so set it through a narrow cast.
function setLearningRate(optimizer: tf.AdamOptimizer, value: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = value;
}
