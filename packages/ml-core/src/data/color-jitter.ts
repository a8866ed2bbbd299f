import * as tf from '@tensorflow/tfjs';

/**
 * Saturation and hue changes on NHWC pixels 0..255, exact to HSV as tf.image.adjust_saturation and
 * adjust_hue compute them, without a round trip through an HSV image. Callers run these inside
 * tf.tidy; inputs must already be within 0..255 (HSV is defined on valid colours).
 *
 * With V = max(r, g, b) and chroma C = V - min(r, g, b), a colour with hue and value fixed is
 * c = V - C * k_c, where k_c in [0, 1] depends on the hue alone.
 */

/**
 * Multiplies each image's HSV saturation (C / V) by its factor, clipped to full saturation:
 * every channel's distance below V scales by min(factor, V / C). Greys (C = 0) stay grey.
 * `factors`: [n, 1, 1, 1].
 */
export function adjustSaturation(x: tf.Tensor4D, factors: tf.Tensor4D): tf.Tensor4D {
  const v = x.max(3, true);
  const chroma = v.sub(x.min(3, true));
  // Where C = 0 every channel equals V, so the ratio divNoNan gives there (0) changes nothing.
  const ratio = tf.minimum(factors, tf.divNoNan(v, chroma));
  return v.sub(v.sub(x).mul(ratio)) as tf.Tensor4D;
}

/**
 * Turns each image's hue by its delta, in turns (0.5 is half the colour wheel), keeping saturation
 * and value: the hue h in [0, 6) from the channel order, then k_c = clamp(min(k, 4 - k), 0, 1) with
 * k = (n_c + h') mod 6 and n = 5, 3, 1 for r, g, b (the standard HSV to RGB identity).
 * `deltas`: [n, 1, 1, 1].
 */
export function shiftHue(x: tf.Tensor4D, deltas: tf.Tensor4D): tf.Tensor4D {
  const [r, g, b] = tf.split(x, 3, 3);
  const v = x.max(3, true);
  const chroma = v.sub(x.min(3, true));
  const isR = r!.equal(v);
  const isG = tf.logicalAnd(tf.logicalNot(isR), g!.equal(v));
  const sector = tf.where(isR, tf.divNoNan(g!.sub(b!), chroma), tf.where(isG, tf.divNoNan(b!.sub(r!), chroma).add(2), tf.divNoNan(r!.sub(g!), chroma).add(4)));
  const hue = mod6(sector.add(deltas.mul(6)));
  const channel = (n: number) => {
    const k = mod6(hue.add(n));
    return v.sub(chroma.mul(tf.clipByValue(tf.minimum(k, tf.scalar(4).sub(k)), 0, 1)));
  };
  return tf.concat([channel(5), channel(3), channel(1)], 3) as tf.Tensor4D;
}

function mod6(t: tf.Tensor): tf.Tensor {
  return t.sub(t.div(6).floor().mul(6));
}
