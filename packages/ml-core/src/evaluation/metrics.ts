export interface ClassMetric {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  accuracy: number;
  /** Top-k accuracy for k = 1..min(5, classes). */
  topK: Record<number, number>;
  /** Rows = true class, columns = predicted, in class-index order. */
  confusionMatrix: number[][];
  classMetrics: ClassMetric[];
  count: number;
}

/** Computes the evaluation from per-sample probability rows (one Float32Array each) and true labels. */
export function evaluatePredictions(probabilities: ArrayLike<number>[], labels: number[], classNames: string[]): Evaluation {
  if (probabilities.length !== labels.length) throw new Error('evaluatePredictions: one probability row per label');
  const k = classNames.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const maxK = Math.min(5, k);
  const topHits = new Array<number>(maxK + 1).fill(0);
  probabilities.forEach((row, i) => {
    const label = labels[i]!;
    const order = rankClasses(row);
    confusion[label]![order[0]!]! += 1;
    const rank = order.indexOf(label);
    for (let t = Math.max(rank + 1, 1); t <= maxK; t++) topHits[t]! += 1;
  });
  const n = labels.length;
  const topK: Record<number, number> = {};
  for (let t = 1; t <= maxK; t++) topK[t] = n ? topHits[t]! / n : 0;
  return {
    accuracy: topK[1] ?? 0,
    topK,
    confusionMatrix: confusion,
    classMetrics: classNames.map((name, c) => classMetric(confusion, c, name)),
    count: n,
  };
}

/** Class indices sorted by descending probability (ties keep the lower index first). */
export function rankClasses(row: ArrayLike<number>): number[] {
  return Array.from({ length: row.length }, (_, i) => i).sort((a, b) => row[b]! - row[a]! || a - b);
}

function classMetric(confusion: number[][], c: number, name: string): ClassMetric {
  const tp = confusion[c]![c]!;
  const support = confusion[c]!.reduce((s, v) => s + v, 0);
  const predicted = confusion.reduce((s, row) => s + row[c]!, 0);
  // sklearn's convention: a ratio with a zero denominator is 0, not NaN.
  const precision = predicted ? tp / predicted : 0;
  const recall = support ? tp / support : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { name, precision, recall, f1, support };
}
