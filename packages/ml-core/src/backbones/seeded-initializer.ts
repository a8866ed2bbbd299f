import * as tf from '@tensorflow/tfjs';

/**
 * Keras's default kernel initializer (Glorot uniform), seeded per layer when a seed is given, so
 * that randomly initialised backbones (pretrained: false) are reproducible from the run's seed.
 * Without a seed the layer's own default applies.
 */
export function seededKernelInitializer(seed: number | undefined, layerIndex: number): ReturnType<typeof tf.initializers.glorotUniform> | undefined {
  return seed === undefined ? undefined : tf.initializers.glorotUniform({ seed: seed * 1009 + layerIndex });
}
