import { describe, expect, it } from 'vitest';
import { balancedClassWeights } from './class-weights';

describe('balancedClassWeights', () => {
  it("matches sklearn's compute_class_weight('balanced')", () => {
    // sklearn: compute_class_weight('balanced', classes=[0,1,2], y=[0,0,0,0,1,1,2]) = [7/12, 7/6, 7/3]
    const weights = balancedClassWeights([0, 0, 0, 0, 1, 1, 2], 3);
    expect(weights[0]).toBeCloseTo(7 / 12, 12);
    expect(weights[1]).toBeCloseTo(7 / 6, 12);
    expect(weights[2]).toBeCloseTo(7 / 3, 12);
  });

  it('gives every class the same total weight, and 1 each when balanced', () => {
    const labels = [0, 0, 0, 1, 2, 2];
    const weights = balancedClassWeights(labels, 3);
    const totals = [0, 1, 2].map((c) => labels.filter((l) => l === c).length * weights[c]!);
    for (const total of totals) expect(total).toBeCloseTo(2, 12);
    expect(balancedClassWeights([0, 1, 0, 1], 2)).toEqual([1, 1]);
  });

  it('gives 0 to a class with no samples instead of Infinity', () => {
    // 3 samples over 3 classes: 3 / (3 * 2) and 3 / (3 * 1).
    expect(balancedClassWeights([0, 0, 2], 3)).toEqual([0.5, 0, 1]);
  });

  it('rejects labels outside the classes', () => {
    expect(() => balancedClassWeights([0, 3], 3)).toThrow(RangeError);
    expect(() => balancedClassWeights([0, -1], 3)).toThrow(RangeError);
    expect(() => balancedClassWeights([0], 0)).toThrow(RangeError);
  });
});
