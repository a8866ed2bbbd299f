import * as tf from '@tensorflow/tfjs';

/**
 * Random BatchNorm weights and statistics. Fresh layers have gamma 1, beta 0, mean 0 and variance
 * 1, which make BatchNorm nearly the identity and leave a random MobileNetV2's features (and their
 * gradients) close to zero; tests of BatchNorm's arithmetic need values that matter.
 */
export function randomiseBatchNorm(model: tf.LayersModel, rng: () => number, gammaMax = 9): void {
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    const c = layer.getWeights()[0]!.shape[0]!;
    const values = (lo: number, hi: number) => tf.tensor1d(Float32Array.from({ length: c }, () => lo + rng() * (hi - lo)));
    // gamma, beta, moving mean, moving variance
    const weights = [values(0.5, gammaMax), values(-1, 1), values(-0.5, 0.5), values(0.2, 2)];
    layer.setWeights(weights);
    tf.dispose(weights);
  }
}
