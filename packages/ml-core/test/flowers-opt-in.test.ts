import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setFrozenEngine } from '../src/onnx/frozen-network';
import { trainClassifier } from '../src/training/train-classifier';

// Opt-in (TRANSFERLAB_SHARED_CHECKS=1): real photos and a real ImageNet-pretrained MobileNetV2
// from ../shared. Nothing is copied from there, and the default test run never needs it: it adds
// two minutes of training that the generated datasets already cover.
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

  it('fine-tuning from block_13 on ONNX Runtime gives the TensorFlow.js losses, and keeps or improves accuracy', async () => {
    const config = { strategy: 'FINE_TUNE', backbone: 'MOBILENET_V2', alpha: 0.35, imageSize: 224, batchSize: 16, epochs: 10, fineTuneEpochs: 5, unfreezeFrom: 'block_13', validationSplit: 0.2, seed: 1337 } as const;
    const weights = { source: { path: mobilenet }, cacheDir: '/nonexistent-weights-cache' };
    const runOn = async (engine: 'onnxruntime' | 'tensorflow.js') => {
      setFrozenEngine(engine);
      const started = performance.now();
      const result = await trainClassifier({ datasetDir: flowers, config, weights });
      const seconds = (performance.now() - started) / 1000;
      const losses = result.metrics.filter((m) => m.phase === 'FINE_TUNE').map((m) => m.loss);
      const bestFeatureExtraction = Math.max(...result.metrics.filter((m) => m.phase === 'FEATURE_EXTRACTION').map((m) => m.valAccuracy!));
      const accuracy = result.metadata.metrics.valAccuracy!;
      result.dispose();
      return { seconds, losses, bestFeatureExtraction, accuracy };
    };
    try {
      const onnx = await runOn('onnxruntime');
      const tfjs = await runOn('tensorflow.js');
      console.log(JSON.stringify({ check: 'flowers5 fine-tune', onnxruntime: onnx, tensorflowJs: tfjs }));
      onnx.losses.forEach((loss, i) => expect(Math.abs(loss - tfjs.losses[i]!), `fine-tune epoch ${i + 1}`).toBeLessThan(0.01));
      expect(onnx.accuracy).toBeGreaterThanOrEqual(onnx.bestFeatureExtraction);
      expect(onnx.accuracy).toBeGreaterThanOrEqual(0.75);
    } finally {
      setFrozenEngine('auto');
    }
  }, 600_000);
});
