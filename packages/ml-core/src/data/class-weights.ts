/**
 * sklearn's compute_class_weight('balanced'), as Keras users pass it to fit(): n_samples /
 * (n_classes * count_c), so every class contributes the same total weight to the loss. A class with
 * no samples gets 0, not Infinity, so it cannot poison the loss.
 */
export function balancedClassWeights(labels: readonly number[], numClasses: number): number[] {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer, got ${numClasses}`);
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) {
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`label ${label} is outside 0..${numClasses - 1}`);
    }
    counts[label]! += 1;
  }
  return counts.map((count) => (count === 0 ? 0 : labels.length / (numClasses * count)));
}
