import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainClassifier } from '../src/training/train-classifier';
import { makeShapesDataset } from './training-fixtures';

describe('dropout in a training run', () => {
  let dataset: Awaited<ReturnType<typeof makeShapesDataset>>;
  beforeAll(async () => {
    dataset = await makeShapesDataset({ imagesPerClass: 10, valFraction: 0.3 });
  });
  afterAll(async () => {
    await dataset.cleanup();
  });

  const losses = async (seed: number) => {
    // Fine-tuning too, so the head's dropout runs in both phases (the second on ONNX Runtime's chain engine).
    const config = { strategy: 'FINE_TUNE', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 8, epochs: 2, fineTuneEpochs: 2, unfreezeFrom: 'block5_conv1', dropout: 0.5, seed } as const;
    const result = await trainClassifier({ datasetDir: dataset.dir, config });
    try {
      return result.metrics.map((m) => m.loss);
    } finally {
      result.dispose();
    }
  };

  it('is reproducible: the same seed gives the same training losses, another seed others', async () => {
    const first = await losses(21);
    expect(first).toHaveLength(4);
    expect(await losses(21)).toEqual(first);
    expect(await losses(22)).not.toEqual(first);
  });
});
