/** max |a - ref| / max |ref|: elementwise ratios are meaningless for entries near zero. */
export function relativeError(actual: Float32Array, reference: Float32Array): number {
  let diff = 0;
  let scale = 1e-12;
  reference.forEach((ref, i) => {
    diff = Math.max(diff, Math.abs((actual[i] ?? Number.NaN) - ref));
    scale = Math.max(scale, Math.abs(ref));
  });
  return diff / scale;
}
