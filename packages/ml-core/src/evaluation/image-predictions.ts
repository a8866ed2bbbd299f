import { EPSILON } from '../training/loss';
import { rankClasses } from './metrics';
import { PREDICTION_TOP_K, type ImagePrediction, type PredictionSplit } from './prediction-format';

/**
 * One record per evaluated image from the probabilities the evaluation already computed (no
 * second inference pass). Row i belongs to `sha256s[i]` with true class `labels[i]`.
 */
export function imagePredictions(probabilities: ArrayLike<number>[], labels: readonly number[], sha256s: readonly string[], classNames: string[], split: PredictionSplit): ImagePrediction[] {
  if (probabilities.length !== labels.length || labels.length !== sha256s.length) throw new Error('imagePredictions: one probability row, label and hash per image');
  return probabilities.map((row, i) => {
    const label = labels[i]!;
    const order = rankClasses(row);
    const p = Math.min(Math.max(row[label]!, EPSILON), 1 - EPSILON);
    return {
      sha256: sha256s[i]!,
      split,
      trueClass: classNames[label]!,
      predictedClass: classNames[order[0]!]!,
      loss: -Math.log(p),
      topK: order.slice(0, PREDICTION_TOP_K).map((c) => ({ className: classNames[c]!, probability: row[c]! })),
    };
  });
}
