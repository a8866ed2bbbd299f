import { describe, expect, it } from 'vitest';
import type { EpochMetricParent } from '../graphql-parents';
import { createFinishedRunMetrics } from './finished-run-metrics';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ epoch: i + 1 }) as EpochMetricParent);

describe('createFinishedRunMetrics', () => {
  it('keeps lists within the row bound, dropping the least recently read first', () => {
    const cache = createFinishedRunMetrics(10);
    cache.set('a', rows(4));
    cache.set('b', rows(4));
    expect(cache.get('a')).toHaveLength(4); // now b is the oldest read
    cache.set('c', rows(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toHaveLength(4);
    expect(cache.get('c')).toHaveLength(4);
  });

  it('does not hold a list larger than the whole bound', () => {
    const cache = createFinishedRunMetrics(10);
    cache.set('a', rows(11));
    expect(cache.get('a')).toBeUndefined();
  });
});
