import { describe, expect, it } from 'vitest';
import { ModelCache } from './model-cache';

const flush = () => new Promise((r) => setImmediate(r));

describe('ModelCache', () => {
  it('loads once per key and disposes the least recently used beyond capacity', async () => {
    const disposed: string[] = [];
    const loads: string[] = [];
    const cache = new ModelCache<string>(2, (v) => disposed.push(v));
    const get = (key: string) => cache.get(key, async () => (loads.push(key), `model-${key}`));
    expect(await get('a')).toBe('model-a');
    await get('b');
    expect(await get('a')).toBe('model-a'); // a is now the most recent
    await get('c'); // evicts b, not a
    await flush();
    expect(disposed).toEqual(['model-b']);
    expect(loads).toEqual(['a', 'b', 'c']);
    await get('b');
    await flush();
    expect(disposed).toEqual(['model-b', 'model-a']);
    expect(cache.size).toBe(2);
    cache.clear();
    await flush();
    expect(disposed.sort()).toEqual(['model-a', 'model-b', 'model-b', 'model-c']);
  });

  it('does not keep a failed load, so the next request retries', async () => {
    const cache = new ModelCache<string>(2, () => undefined);
    await expect(cache.get('a', () => Promise.reject(new Error('no weights')))).rejects.toThrow('no weights');
    await flush();
    expect(cache.size).toBe(0);
    expect(await cache.get('a', async () => 'loaded')).toBe('loaded');
  });

  it('shares one in-flight load between concurrent requests', async () => {
    let loads = 0;
    const cache = new ModelCache<number>(1, () => undefined);
    const load = () => new Promise<number>((r) => setTimeout(() => r(++loads), 10));
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
  });
});
