import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './map-concurrent';

describe('mapConcurrent', () => {
  it('never has more than `limit` calls in flight and keeps input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const results = await mapConcurrent(items, 3, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep((item * 7) % 5); // finish out of order
      inFlight--;
      return item * 2;
    });
    expect(peak).toBe(3);
    expect(results).toEqual(items.map((i) => i * 2));
  });

  it('handles an empty list and rejects a bad limit', async () => {
    await expect(mapConcurrent([], 4, async () => 1)).resolves.toEqual([]);
    await expect(mapConcurrent([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
