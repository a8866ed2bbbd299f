// Keras preprocessing layers that TensorFlow.js lacks, as EfficientNet uses them inside the network.
// Registered for serialization, so a saved model that contains them loads again.
import * as tf from '@tensorflow/tfjs';

/** Keras's Normalization never divides by less than this (backend.epsilon()). */
export const NORMALIZATION_EPSILON = 1e-7;

export interface NormalizationArgs {
  name: string;
  /** Channels of the last axis, the only axis normalised. */
  channels: number;
}

/**
 * `keras.layers.Normalization(axis=-1)` once adapted: (x - mean) / max(sqrt(variance), 1e-7), with
 * Keras's non-trainable weights `mean`, `variance` and `count` (filled from the weights file).
 */
export class Normalization extends tf.layers.Layer {
  static className = 'Normalization';
  private readonly channels: number;
  private mean?: tf.LayerVariable;
  private variance?: tf.LayerVariable;

  constructor(args: NormalizationArgs & { axis?: number }) {
    super({ name: args.name, trainable: false });
    this.channels = args.channels;
  }

  override build(): void {
    this.mean = this.addWeight('mean', [this.channels], 'float32', tf.initializers.zeros(), undefined, false);
    this.variance = this.addWeight('variance', [this.channels], 'float32', tf.initializers.ones(), undefined, false);
    this.addWeight('count', [], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const std = tf.maximum(tf.sqrt(this.variance!.read()), NORMALIZATION_EPSILON);
      return tf.div(tf.sub(x, this.mean!.read()), std);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: -1, channels: this.channels };
  }
}

export interface ChannelRescalingArgs {
  name: string;
  /** One factor per channel of the last axis. */
  scale: number[];
}

/**
 * `keras.layers.Rescaling` with one scale per channel, which TensorFlow.js's Rescaling (a scalar
 * only) cannot express: EfficientNet's `rescaling_1`.
 */
export class ChannelRescaling extends tf.layers.Layer {
  static className = 'ChannelRescaling';
  private readonly scale: number[];

  constructor(args: ChannelRescalingArgs) {
    super({ name: args.name, trainable: false });
    this.scale = args.scale;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, tf.tensor1d(this.scale)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale, offset: 0 };
  }
}

tf.serialization.registerClass(Normalization);
tf.serialization.registerClass(ChannelRescaling);
