import { describe, expect, it } from 'vitest';
import { createRng, randomInt, shuffleInPlace, uniform } from './random';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('seeded random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRng(1337);
    const b = createRng(1337);
    const c = createRng(1338);
    const seqA = range(5).map(() => a());
    expect(range(5).map(() => b())).toEqual(seqA);
    expect(range(5).map(() => c())).not.toEqual(seqA);
  });

  it('does not depend on or change Math.random', () => {
    const before = Math.random;
    const first = createRng('x')();
    expect(Math.random).toBe(before);
    Math.random = () => 0.5;
    try {
      expect(createRng('x')()).toBe(first);
    } finally {
      Math.random = before;
    }
  });

  it('shuffles in place to a permutation, reproducibly', () => {
    const array = range(50);
    const returned = shuffleInPlace(array, createRng(7));
    expect(returned).toBe(array);
    expect([...array].sort((x, y) => x - y)).toEqual(range(50));
    expect(array).not.toEqual(range(50));
    expect(shuffleInPlace(range(50), createRng(7))).toEqual(array);
    expect(shuffleInPlace(range(50), createRng(8))).not.toEqual(array);
  });

  it('puts every element in every position about equally often (no Fisher–Yates off-by-one)', () => {
    const rng = createRng(1);
    const firstCounts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) firstCounts[shuffleInPlace([0, 1, 2, 3], rng)[0]!]! += 1;
    for (const count of firstCounts) expect(count).toBeGreaterThan(850);
  });

  it('draws uniform numbers and integers inside their bounds', () => {
    const rng = createRng(3);
    const values = range(1000).map(() => uniform(rng, -2, 3));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...values)).toBeLessThan(3);
    expect(Math.min(...values)).toBeLessThan(-1.9);
    expect(Math.max(...values)).toBeGreaterThan(2.9);
    const ints = new Set(range(1000).map(() => randomInt(rng, 5)));
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
