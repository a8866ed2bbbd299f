import { describe, expect, it } from 'vitest';
import { evaluatePredictions, rankClasses } from './metrics';

describe('evaluatePredictions', () => {
  const classes = ['cat', 'dog', 'fox'];
  // true labels: cat, cat, dog, dog, fox ; predicted: cat, dog, dog, dog, cat
  const probs = [
    [0.8, 0.1, 0.1],
    [0.3, 0.6, 0.1],
    [0.1, 0.7, 0.2],
    [0.2, 0.5, 0.3],
    [0.5, 0.1, 0.4],
  ];
  const labels = [0, 0, 1, 1, 2];
  const e = evaluatePredictions(probs, labels, classes);

  it('computes accuracy and the confusion matrix (rows true, columns predicted)', () => {
    expect(e.accuracy).toBeCloseTo(3 / 5);
    expect(e.confusionMatrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
  });

  it('computes top-k accuracy', () => {
    expect(e.topK[2]).toBeCloseTo(5 / 5);
    expect(e.topK[3]).toBe(1);
  });

  it('computes per-class precision, recall and F1 like sklearn', () => {
    const [cat, dog, fox] = e.classMetrics;
    expect(cat).toMatchObject({ name: 'cat', precision: 0.5, recall: 0.5, support: 2 });
    expect(dog!.precision).toBeCloseTo(2 / 3);
    expect(dog!.recall).toBe(1);
    expect(dog!.f1).toBeCloseTo(0.8);
    expect(fox).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('ranks classes by probability', () => {
    expect(rankClasses([0.1, 0.7, 0.2])).toEqual([1, 2, 0]);
  });
});
