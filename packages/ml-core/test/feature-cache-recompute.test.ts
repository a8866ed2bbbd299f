import { mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVgg16 } from '../src/backbones/vgg16';
import { FeatureCache } from '../src/training/feature-cache';
import { trainClassifier } from '../src/training/train-classifier';
import { writeKerasH5Weights } from '../src/weights/keras-h5';
import { makeShapesDataset } from './training-fixtures';

/** Every stored vector's path under the cache folder. */
async function storedVectors(dir: string): Promise<string[]> {
  const shards = await readdir(dir);
  return (await Promise.all(shards.map(async (s) => (await readdir(join(dir, s))).map((f) => join(dir, s, f))))).flat();
}

describe('a damaged feature cache on disk', () => {
  let dataset: Awaited<ReturnType<typeof makeShapesDataset>>;
  let dir: string;
  beforeAll(async () => {
    dataset = await makeShapesDataset({ imagesPerClass: 6, valFraction: 0.3 });
    dir = await mkdtemp(join(tmpdir(), 'transferlab-cache-'));
  });
  afterAll(async () => {
    await dataset.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('recomputes the truncated vectors, rewrites them whole, and trains as it did', async () => {
    // Fixed weights from a file: only then are features shared through the disk cache.
    const backbone = buildVgg16({ imageSize: 32 });
    const weightsPath = join(dir, 'vgg16.h5');
    await writeKerasH5Weights(backbone, weightsPath, { layout: 'keras2' });
    backbone.weights.forEach((w) => w.dispose());
    const cacheDir = join(dir, 'features');
    const train = async () => {
      const result = await trainClassifier({
        datasetDir: dataset.dir,
        config: { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', imageSize: 32, batchSize: 8, epochs: 2, seed: 3 },
        weights: { source: { path: weightsPath }, cacheDir: dir },
        featureCache: new FeatureCache(cacheDir),
      });
      result.dispose();
      return result;
    };
    const first = await train();
    const vectors = await storedVectors(cacheDir);
    expect(vectors).toHaveLength(18);
    const wholeBytes = (await stat(vectors[0]!)).size;
    // Three vectors lose their last 64 floats, as a full disk or a killed copy would leave them.
    for (const path of vectors.slice(0, 3)) await truncate(path, wholeBytes - 256);

    const second = await train();
    expect(second.featureCache).toEqual({ hits: 15, misses: 3, used: true });
    // metadata.json records it (the API serves it as Run.featureCache).
    expect(first.metadata.featureCache).toEqual({ hits: 0, misses: 18 });
    expect(second.metadata.featureCache).toEqual({ hits: 15, misses: 3 });
    expect(second.metrics.map((m) => m.loss)).toEqual(first.metrics.map((m) => m.loss));
    for (const path of vectors) expect((await stat(path)).size).toBe(wholeBytes);
  });
});
