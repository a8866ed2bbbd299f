// Conv2D gradients composed of ops the WASM backend has (pad, strided slice, matMul, conv2d).
import * as tf from '@tensorflow/tfjs';

import { backpropFrame, padForWindows, tapPatch } from './conv-geometry';
import type { ConvGeometry } from './conv-geometry';

/**
 * dL/dW[kh, kw] = patches(x at tap kh, kw)^T · dy over all N*Ho*Wo output positions.
 * One tap at a time, so peak memory is one patch rather than a KH*KW-times-larger im2col matrix.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, info: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const xPadded = padForWindows(x, info);
    const dyRows = tf.reshape(dy, [-1, info.outChannels]);
    const taps: tf.Tensor2D[] = [];
    for (let kh = 0; kh < info.filterHeight; kh++) {
      for (let kw = 0; kw < info.filterWidth; kw++) {
        taps.push(tf.tidy(() => {
          const patchRows = tf.reshape(tapPatch(xPadded, info, kh, kw), [-1, info.inChannels]);
          return tf.matMul(patchRows, dyRows, true, false);
        }));
      }
    }
    return tf.reshape(tf.stack(taps), [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels]);
  });
}

/** dL/dx as a stride-1 'valid' conv of the zero-interleaved dy with the flipped, in/out-swapped filter. */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, info: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(backpropFrame(dy, info), flipped, 1, 'valid');
  });
}
