// Index arithmetic shared by the composed convolution gradients (NHWC, dilation 1).
// Padding comes from tf.backend_util.computeConv2DInfo, the same function the forward kernels
// use, so 'same' (TensorFlow's asymmetric rule), 'valid', numeric and explicit padding and the
// dimension rounding modes all agree with the forward pass by construction.
import * as tf from '@tensorflow/tfjs';

export type ConvGeometry = tf.backend_util.Conv2DInfo;

/** x zero-padded so that every filter window of the forward pass lies inside it. */
export function padForWindows(x: tf.Tensor4D, info: ConvGeometry): tf.Tensor4D {
  const { top, left } = info.padInfo;
  // Sized from the windows rather than padInfo.bottom/right: with rounding mode 'ceil' the last
  // window can reach past TensorFlow's own padding, where the forward kernels read zeros.
  const bottom = Math.max(0, (info.outHeight - 1) * info.strideHeight + info.filterHeight - info.inHeight - top);
  const right = Math.max(0, (info.outWidth - 1) * info.strideWidth + info.filterWidth - info.inWidth - left);
  return padOrCrop(x, [top, bottom], [left, right]);
}

/** The x values that filter tap (kh, kw) sees at every output position: [N, Ho, Wo, C]. */
export function tapPatch(xPadded: tf.Tensor4D, info: ConvGeometry, kh: number, kw: number): tf.Tensor4D {
  const { batchSize, outHeight, outWidth, inChannels, strideHeight, strideWidth } = info;
  const end = [batchSize, kh + (outHeight - 1) * strideHeight + 1, kw + (outWidth - 1) * strideWidth + 1, inChannels];
  return tf.stridedSlice(xPadded, [0, kh, kw, 0], end, [1, strideHeight, strideWidth, 1]) as tf.Tensor4D;
}

/**
 * dy laid back onto x's grid so that a stride-1 'valid' correlation with the spatially flipped
 * filter gives dL/dx: dx[h] = sum_k up[h + top - k] * w[k] = sum_k' Z[h + k'] * w[K-1-k'] with
 * Z[i] = up[i + top - (K-1)], where `up` is dy with stride-1 zeros between its rows and columns.
 */
export function backpropFrame(dy: tf.Tensor4D, info: ConvGeometry): tf.Tensor4D {
  const up = interleaveZeros(dy, info.strideHeight, info.strideWidth);
  const [, upHeight, upWidth] = up.shape;
  const beforeH = info.filterHeight - 1 - info.padInfo.top;
  const beforeW = info.filterWidth - 1 - info.padInfo.left;
  const afterH = info.inHeight + info.filterHeight - 1 - upHeight - beforeH;
  const afterW = info.inWidth + info.filterWidth - 1 - upWidth - beforeW;
  return padOrCrop(up, [beforeH, afterH], [beforeW, afterW]);
}

/** [N, H, W, C] -> [N, H*sh, W*sw, C] with the values at multiples of the stride, zeros elsewhere. */
function interleaveZeros(t: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return t;
  const [n, h, w, c] = t.shape;
  const spread = tf.pad(tf.reshape(t, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return tf.reshape(spread, [n, h * sh, w * sw, c]);
}

/** Adds (positive) or removes (negative) rows/columns at each spatial border. */
function padOrCrop(t: tf.Tensor4D, [top, bottom]: [number, number], [left, right]: [number, number]): tf.Tensor4D {
  const grow = (v: number) => Math.max(0, v);
  const padded = [top, bottom, left, right].some((v) => v > 0)
    ? tf.pad(t, [[0, 0], [grow(top), grow(bottom)], [grow(left), grow(right)], [0, 0]])
    : t;
  if ([top, bottom, left, right].every((v) => v >= 0)) return padded;
  const [n, h, w, c] = padded.shape;
  const cropTop = grow(-top);
  const cropLeft = grow(-left);
  return tf.slice(padded, [0, cropTop, cropLeft, 0], [n, h - cropTop - grow(-bottom), w - cropLeft - grow(-right), c]);
}
