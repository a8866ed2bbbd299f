import * as tf from '@tensorflow/tfjs';

/**
 * Keeps a copy of a model's weights from its best epoch (lowest monitored loss), so whatever
 * ends training (the last epoch, early stopping, cancellation) the best weights can be restored.
 */
export class BestWeights {
  private best: tf.Tensor[] | null = null;
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
    this.best = tf.tidy(() => this.model.getWeights().map((w) => w.clone()));
    return true;
  }

  restore(): void {
    if (this.best) this.model.setWeights(this.best);
  }

  release(): void {
    this.best?.forEach((t) => t.dispose());
    this.best = null;
  }
}
