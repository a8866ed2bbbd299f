import * as tf from '@tensorflow/tfjs';

/** Keras's clip: a probability of 0 would make the loss infinite. */
export const EPSILON = 1e-7;

/**
 * Sparse categorical cross-entropy on probabilities, as Keras computes it: each sample's loss
 * times its class weight, averaged over the batch size (not over the weights' sum).
 */
export function weightedCrossEntropy(probs: tf.Tensor, labels: tf.Tensor1D, sampleWeights?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const numClasses = probs.shape[probs.shape.length - 1]!;
    const clipped = tf.clipByValue(probs, EPSILON, 1 - EPSILON);
    const perSample = tf.neg(tf.sum(tf.mul(tf.oneHot(labels, numClasses), tf.log(clipped)), -1));
    const weighted = sampleWeights ? tf.mul(perSample, sampleWeights) : perSample;
    return tf.mean(weighted) as tf.Scalar;
  });
}

/** Number of samples whose highest probability is the true class. */
export function correctCount(probs: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probs, -1), labels), 'int32')) as tf.Scalar);
}
