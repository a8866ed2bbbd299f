import * as tf from '@tensorflow/tfjs';
import type { PreprocessingMode } from './types';

/** ImageNet channel means in BGR order, as Keras's caffe-mode preprocess_input subtracts them. */
export const IMAGENET_BGR_MEAN = [103.939, 116.779, 123.68] as const;

/**
 * Turns RGB pixels (0..255, NHWC) into what a backbone's published weights expect, like Keras's
 * `preprocess_input`. Pure: the input is neither changed nor disposed; the caller owns the result.
 */
export function preprocess(pixels: tf.Tensor4D, mode: PreprocessingMode): tf.Tensor4D {
  const channels = pixels.shape[3];
  if (channels !== 3) {
    throw new Error(`preprocess expects RGB pixels with 3 channels (NHWC); got shape [${pixels.shape.join(', ')}].`);
  }
  return tf.tidy(() => {
    // Decoded images often arrive as int32. tfjs would upcast when mixing in the float constants
    // below anyway; casting first states the float32 contract instead of relying on that.
    const x = tf.cast(pixels, 'float32');
    switch (mode) {
      case 'caffe':
        return tf.sub(tf.reverse(x, -1), tf.tensor1d([...IMAGENET_BGR_MEAN]));
      case 'tf':
        return tf.sub(tf.div(x, 127.5), 1);
      case 'rescale':
        return tf.div(x, 255);
      case 'none':
        return x;
      default: {
        const unknown: never = mode;
        throw new Error(`Unknown preprocessing mode "${String(unknown)}"; expected caffe, tf, rescale or none.`);
      }
    }
  });
}
