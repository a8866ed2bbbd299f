import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). Seeded, so splits and augmentations can be replayed. */
export type Rng = () => number;

/**
 * Never touches Math.random: a training run must be reproducible from its seed alone, whatever else
 * in the process draws random numbers.
 */
export function createRng(seed: number | string): Rng {
  const prng = seedrandom(String(seed));
  return () => prng();
}

/** Uniform in [low, high). */
export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng();
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher–Yates: every order equally likely, and the same seed gives the same order. */
export function shuffleInPlace<T>(array: T[], rng: Rng): T[] {
  for (let i = array.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const a = array[i] as T;
    array[i] = array[j] as T;
    array[j] = a;
  }
  return array;
}
