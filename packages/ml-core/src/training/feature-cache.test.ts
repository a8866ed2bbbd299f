import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_FORMAT_VERSION, FEATURE_PIPELINE, FeatureCache } from './feature-cache';

const parts = { imageSha256: 'ab'.repeat(32), backbone: 'VGG16', weightsHash: 'cd'.repeat(32), imageSize: 224, preprocessing: 'caffe' };
const vector = Float32Array.from({ length: 512 }, (_, i) => i / 7);

describe('feature cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'transferlab-features-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("keys on the pipeline's version: ml-core's feature format and sharp's (and libvips's) version", () => {
    expect(FEATURE_PIPELINE).toBe(`features-v${FEATURE_FORMAT_VERSION};sharp-${sharp.versions.sharp};vips-${sharp.versions.vips}`);
    expect(FeatureCache.key(parts)).toBe(FeatureCache.key(parts, FEATURE_PIPELINE));
    const bumped = `features-v${FEATURE_FORMAT_VERSION + 1};sharp-${sharp.versions.sharp};vips-${sharp.versions.vips}`;
    const newSharp = `features-v${FEATURE_FORMAT_VERSION};sharp-99.0.0;vips-${sharp.versions.vips}`;
    expect(new Set([FeatureCache.key(parts), FeatureCache.key(parts, bumped), FeatureCache.key(parts, newSharp)]).size).toBe(3);
  });

  it('a vector stored under another pipeline version misses', async () => {
    const old = new FeatureCache(dir);
    await old.set(FeatureCache.key(parts, 'features-v1;sharp-0.33.0;vips-8.15.0'), vector);
    const now = new FeatureCache(dir);
    expect(await now.get(FeatureCache.key(parts))).toBeUndefined();
    expect(now.misses).toBe(1);
  });

  it('reads back a whole vector from disk', async () => {
    const key = FeatureCache.key(parts);
    await new FeatureCache(dir).set(key, vector);
    const fresh = new FeatureCache(dir);
    expect(Array.from((await fresh.get(key))!)).toEqual(Array.from(vector));
    expect(fresh.hits).toBe(1);
  });

  it('a truncated vector on disk reads as missing (not zero-padded); setting it again makes it whole', async () => {
    const key = FeatureCache.key(parts);
    await new FeatureCache(dir).set(key, vector);
    const path = new FeatureCache(dir).pathOf(key)!;
    const whole = (await readFile(path)).byteLength;
    // Cut on a float boundary: a length check of "a multiple of 4" would take it.
    await truncate(path, whole - 4 * 100);
    const reader = new FeatureCache(dir);
    expect(await reader.get(key)).toBeUndefined();
    expect(reader.misses).toBe(1);
    await reader.set(key, vector);
    expect((await new FeatureCache(dir).get(key))!.length).toBe(512);
  });

  it('a file in the old headerless layout, or empty, reads as missing', async () => {
    const key = FeatureCache.key(parts);
    await new FeatureCache(dir).set(key, vector);
    const path = new FeatureCache(dir).pathOf(key)!;
    await writeFile(path, Buffer.from(vector.buffer));
    expect(await new FeatureCache(dir).get(key)).toBeUndefined();
    await writeFile(path, Buffer.alloc(0));
    expect(await new FeatureCache(dir).get(key)).toBeUndefined();
  });
});
