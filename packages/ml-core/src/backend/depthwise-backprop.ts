// DepthwiseConv2dNative gradients composed of ops the WASM backend has. Output channel c*M + m
// of a depthwise conv with multiplier M comes from input channel c and filter [.., c, m].
import * as tf from '@tensorflow/tfjs';

import { backpropFrame, padForWindows, tapPatch } from './conv-geometry';
import type { ConvGeometry } from './conv-geometry';

/** dL/dW[kh, kw, c, m] = sum over n, ho, wo of x_patch(kh, kw)[c] * dy[c, m]. */
export function depthwiseFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, info: ConvGeometry): tf.Tensor4D {
  const { filterHeight, filterWidth, inChannels } = info;
  const multiplier = info.outChannels / inChannels;
  return tf.tidy(() => {
    const xPadded = padForWindows(x, info);
    const dyPerChannel = tf.reshape(dy, [info.batchSize, info.outHeight, info.outWidth, inChannels, multiplier]);
    const taps: tf.Tensor2D[] = [];
    for (let kh = 0; kh < filterHeight; kh++) {
      for (let kw = 0; kw < filterWidth; kw++) {
        taps.push(tf.tidy(() => {
          const patch = tf.expandDims(tapPatch(xPadded, info, kh, kw), 4);
          return tf.sum(tf.mul(patch, dyPerChannel), [0, 1, 2]) as tf.Tensor2D;
        }));
      }
    }
    return tf.reshape(tf.stack(taps), [filterHeight, filterWidth, inChannels, multiplier]);
  });
}

/**
 * dL/dx: each of the C*M output channels is scattered back through its own filter slice, which is
 * a multiplier-1 depthwise conv of the zero-interleaved dy with the flipped filter; the M
 * contributions of one input channel are then summed.
 */
export function depthwiseInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, info: ConvGeometry): tf.Tensor4D {
  const { batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth } = info;
  const multiplier = info.outChannels / inChannels;
  return tf.tidy(() => {
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [filterHeight, filterWidth, inChannels * multiplier, 1]);
    const perOutput = tf.depthwiseConv2d(backpropFrame(dy, info), flipped as tf.Tensor4D, 1, 'valid');
    if (multiplier === 1) return perOutput;
    return tf.sum(tf.reshape(perOutput, [batchSize, inHeight, inWidth, inChannels, multiplier]), 4) as tf.Tensor4D;
  });
}
