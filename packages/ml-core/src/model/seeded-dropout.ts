import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../data/random';

export interface SeededDropoutArgs {
  rate: number;
  /** The run's seed: the masks of a run are replayed exactly by another with the same seed. */
  seed: number;
  name?: string;
}

/**
 * Keras's Dropout, with a fresh mask every training call. TensorFlow.js 4.22's Dropout hands
 * its fixed `seed` to every call, so each step drops the same units and the regulariser
 * collapses to one mask. Here each call draws the next seed from a generator seeded once by the
 * run's seed: different every step, the same sequence for the same seed.
 *
 * The class name stays `Dropout` and the config is Dropout's, so saved models are ordinary
 * Keras/TensorFlow.js Dropout layers that any loader reads (at inference both are the identity);
 * nothing is registered, so loading never needs this module.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'Dropout';
  readonly rate: number;
  readonly seed: number;
  private readonly rng: Rng;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    this.rate = Math.max(Math.min(args.rate, 1), 0);
    this.seed = args.seed;
    // Its own stream (not the run's shared one), so masks do not shift with how many numbers
    // shuffling or augmentation drew.
    this.rng = createRng(`dropout:${args.seed}`);
    this.supportsMasking = true;
  }

  /** The seed of the next training call's mask. */
  nextMaskSeed(): number {
    return Math.floor(this.rng() * 2 ** 32);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate <= 0 || this.rate >= 1) return input;
    const seed = this.nextMaskSeed();
    return tf.tidy(() => tf.dropout(input, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { rate: this.rate, noiseShape: null, seed: this.seed, ...super.getConfig() };
  }
}

export function seededDropout(args: SeededDropoutArgs): SeededDropout {
  return new SeededDropout(args);
}
