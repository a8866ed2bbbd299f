import { evaluatePredictions, type Evaluation } from '../evaluation/metrics';
import { inferenceProbabilities, type PhaseSpec } from './run-phase';
import type { ExampleSet } from './types';

/** How the last phase computes probabilities, with the held-out sets in that phase's input form. */
export interface EvaluationTarget extends Pick<PhaseSpec, 'predict' | 'engine'> {
  val: ExampleSet | null;
  test: ExampleSet | null;
}

/** Accuracy, top-k, confusion matrix… of the model as it is now, on one example set, and the probability rows they came from. */
export async function evaluateExamples(
  target: Pick<PhaseSpec, 'predict' | 'engine'>,
  set: ExampleSet,
  batchSize: number,
  classNames: string[],
): Promise<{ evaluation: Evaluation; probabilities: Float32Array[] }> {
  const probs: Float32Array[] = [];
  for (let start = 0; start < set.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
    const out = await inferenceProbabilities(set, indices, target.engine ?? target.predict);
    const data = out.dataSync() as Float32Array;
    out.dispose();
    const width = data.length / indices.length;
    indices.forEach((_, k) => probs.push(data.slice(k * width, (k + 1) * width)));
  }
  return { evaluation: evaluatePredictions(probs, [...set.labels], classNames), probabilities: probs };
}
