import * as tf from '@tensorflow/tfjs';

/**
 * Keeps a copy of a model's weights from its best epoch (lowest monitored loss), so whatever
 * ends training (the last epoch, early stopping, cancellation) the best weights can be restored.
 */
export class BestWeights {
  // Pairs of (variable, copy): a model lists its weights trainable-first, so the order changes
  // when fine-tuning unfreezes layers; pairing by variable survives that.
  private best: { variable: tf.LayerVariable; value: tf.Tensor }[] | null = null;
  private bestScore = Number.POSITIVE_INFINITY;
  bestEpoch: { phase: string; epoch: number } | null = null;

  constructor(private readonly model: tf.LayersModel) {}

  get score(): number {
    return this.bestScore;
  }

  /** Records the weights if `score` beats the best so far; returns whether it did. */
  consider(score: number, at: { phase: string; epoch: number }): boolean {
    if (!(score < this.bestScore)) return false;
    this.bestScore = score;
    this.bestEpoch = at;
    this.release();
    this.best = this.model.weights.map((variable) => ({ variable, value: tf.keep(variable.read().clone()) }));
    return true;
  }

  /** The best weights by name, for a checkpoint; null when the best epoch is `current` (its weights are the model's). */
  snapshot(current: { phase: string; epoch: number }): Map<string, Float32Array> | null {
    if (!this.best || (this.bestEpoch?.phase === current.phase && this.bestEpoch.epoch === current.epoch)) return null;
    return new Map(this.best.map(({ variable, value }) => [variable.originalName, Float32Array.from(value.dataSync() as Float32Array)]));
  }

  /** Takes the best epoch from a checkpoint: its weights, or the model's current ones when absent. */
  adopt(score: number, at: { phase: string; epoch: number }, weights: Map<string, Float32Array> | null): void {
    this.release();
    this.bestScore = score;
    this.bestEpoch = at;
    this.best = this.model.weights.map((variable) => {
      const values = weights?.get(variable.originalName);
      return { variable, value: tf.keep(values ? tf.tensor(values, variable.read().shape) : variable.read().clone()) };
    });
  }

  restore(): void {
    this.best?.forEach(({ variable, value }) => variable.write(value));
  }

  release(): void {
    this.best?.forEach(({ value }) => value.dispose());
    this.best = null;
  }
}
