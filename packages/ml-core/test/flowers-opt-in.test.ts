import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trainClassifier } from '../src/training/train-classifier';

// Opt-in (TRANSFERLAB_SHARED_CHECKS=1): real photos and a real ImageNet-pretrained MobileNetV2
// from ../shared. Nothing is copied from there, and the default test run never needs it: it adds
// a minute and a half of training that the generated datasets already cover.
const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const flowers = `${shared}datasets/flowers5`;
const mobilenet = `${shared}models/mobilenet_v2_035_224_imagenet_base/model.json`;
const present = process.env.TRANSFERLAB_SHARED_CHECKS === '1' && existsSync(flowers) && existsSync(mobilenet);

describe.skipIf(!present)('flowers5 with a pretrained MobileNetV2 (opt-in, ../shared)', () => {
  it('feature extraction reaches 0.75 validation accuracy while the baseline stays far below', async () => {
    const split = { validationSplit: 0.2, seed: 1337 };
    const transfer = await trainClassifier({
      datasetDir: flowers,
      config: { strategy: 'FEATURE_EXTRACTION', backbone: 'MOBILENET_V2', alpha: 0.35, imageSize: 224, batchSize: 16, epochs: 80, learningRate: 0.001, dropout: 0.2, ...split },
      weights: { source: { path: mobilenet }, cacheDir: '/nonexistent-weights-cache' },
    });
    const transferAccuracy = transfer.metadata.metrics.valAccuracy!;
    transfer.dispose();
    const baseline = await trainClassifier({
      datasetDir: flowers,
      // Smaller images keep the from-scratch CNN's conv training affordable on two CPU cores.
      config: { strategy: 'BASELINE', imageSize: 64, batchSize: 16, epochs: 8, learningRate: 0.001, ...split },
    });
    const baselineAccuracy = baseline.metadata.metrics.valAccuracy!;
    baseline.dispose();
    console.log(JSON.stringify({ check: 'flowers5', featureExtractionValAccuracy: transferAccuracy, baselineValAccuracy: baselineAccuracy, chance: 0.2 }));
    expect(transferAccuracy).toBeGreaterThanOrEqual(0.75);
    expect(baselineAccuracy).toBeLessThan(transferAccuracy - 0.2);
  }, 600_000);
});
