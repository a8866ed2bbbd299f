/**
 * Keras's `_make_divisible` from mobilenet_v2.py: rounds a channel count to a multiple of
 * `divisor` (8, which suits hardware), never dropping more than 10% below `value`. It must match
 * Keras bit for bit, or the layer shapes stop matching the published weights.
 */
export function makeDivisible(value: number, divisor = 8, minValue = divisor): number {
  let rounded = Math.max(minValue, Math.floor(Math.trunc(value + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}
