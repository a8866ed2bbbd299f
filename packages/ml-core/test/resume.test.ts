// A run that dies carries on from its last checkpoint in a new trainClassifier call: only the
// remaining epochs run, the metrics continue, and the model still learns.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type TrainCheckpoint } from '../src/training/checkpoint';
import { trainClassifier, type TrainClassifierOptions } from '../src/training/train-classifier';
import type { EpochMetric } from '../src/training/types';
import { useShapesDataset, WELL_ABOVE_CHANCE } from './training-fixtures';

describe('resuming from a checkpoint', () => {
  const dataset = useShapesDataset({ imagesPerClass: 30, valFraction: 0.3 });

  /** Trains, keeping (through bytes, as the worker does) the checkpoint taken after `phase` epoch `epoch`. */
  async function trainKeeping(config: TrainClassifierOptions['config'], at: { phase: string; epoch: number }) {
    let kept: Uint8Array | null = null;
    let taken = 0;
    const result = await trainClassifier({
      datasetDir: dataset.dir,
      config,
      onCheckpoint: (take) => {
        taken++;
        const c = take();
        if (c.phase === at.phase && c.epoch === at.epoch) kept = encodeCheckpoint(c);
      },
    });
    const { metrics, metadata } = result;
    result.dispose();
    if (!kept) throw new Error(`no checkpoint after ${at.phase} epoch ${at.epoch}`);
    return { checkpoint: decodeCheckpoint(kept), metrics, evaluation: metadata.evaluation, taken };
  }

  async function resumeFrom(config: TrainClassifierOptions['config'], checkpoint: TrainCheckpoint) {
    const ran: EpochMetric[] = [];
    const logs: string[] = [];
    const result = await trainClassifier({ datasetDir: dataset.dir, config, resume: checkpoint, callbacks: { onEpochEnd: (m) => void ran.push(m), onLog: (m) => logs.push(m) } });
    return { result, ran, logs };
  }

  const label = (m: EpochMetric) => `${m.phase}:${m.epoch}`;

  it('carries on feature extraction after the epoch it was taken, keeping the metrics and learning', async () => {
    const config = { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 16, epochs: 15, learningRate: 0.01, seed: 1 } as const;
    const first = await trainKeeping(config, { phase: 'FEATURE_EXTRACTION', epoch: 5 });
    expect(first.taken).toBe(15);
    expect(first.checkpoint.metrics.map(label)).toEqual([1, 2, 3, 4, 5].map((e) => `FEATURE_EXTRACTION:${e}`));
    const before = tf.memory().numTensors;
    const { result, ran, logs } = await resumeFrom(config, first.checkpoint);
    try {
      expect(logs).toContain('resuming after FEATURE_EXTRACTION epoch 5 (from a checkpoint)');
      const epochs = (from: number) => Array.from({ length: 16 - from }, (_, i) => `FEATURE_EXTRACTION:${from + i}`);
      expect(ran.map(label)).toEqual(epochs(6));
      expect(result.metrics.map(label)).toEqual(epochs(1));
      // The first five epochs are the interrupted run's own, not re-run.
      expect(result.metrics.slice(0, 5)).toEqual(first.metrics.slice(0, 5));
      expect(result.metadata.evaluation!.accuracy).toBeGreaterThan(WELL_ABOVE_CHANCE);
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('carries on fine-tuning without redoing feature extraction', async () => {
    const config = { strategy: 'FINE_TUNE', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 16, epochs: 12, fineTuneEpochs: 4, learningRate: 0.05, fineTuneLearningRate: 0.001, seed: 1 } as const;
    const first = await trainKeeping(config, { phase: 'FINE_TUNE', epoch: 2 });
    expect(first.taken).toBe(16);
    const before = tf.memory().numTensors;
    const { result, ran, logs } = await resumeFrom(config, first.checkpoint);
    try {
      expect(logs).toContain('resuming after FINE_TUNE epoch 2 (from a checkpoint)');
      expect(ran.map(label)).toEqual(['FINE_TUNE:3', 'FINE_TUNE:4']);
      expect(result.metrics).toHaveLength(16);
      // Feature extraction's pooled features are neither looked up nor computed again.
      expect(result.featureCache.used).toBe(false);
      expect(result.metadata.evaluation!.accuracy).toBeGreaterThan(WELL_ABOVE_CHANCE);
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('taken after the last fine-tuning epoch, runs no epoch and evaluates the fine-tuned model as the interrupted run did', async () => {
    const config = { strategy: 'FINE_TUNE', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 16, epochs: 6, fineTuneEpochs: 2, learningRate: 0.05, fineTuneLearningRate: 0.001, seed: 1 } as const;
    const first = await trainKeeping(config, { phase: 'FINE_TUNE', epoch: 2 });
    expect(first.checkpoint.state.done).toBe(true);
    const { result, ran } = await resumeFrom(config, first.checkpoint);
    try {
      expect(ran).toEqual([]);
      expect(result.metrics.map(label)).toEqual(first.metrics.map(label));
      expect(result.metadata.evaluation).toEqual(first.evaluation);
    } finally {
      result.dispose();
    }
  });

  it('refuses a checkpoint of another model before training, naming what does not fit', async () => {
    const vgg = { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: false, imageSize: 32, batchSize: 16, epochs: 2, learningRate: 0.01, seed: 1 } as const;
    const { checkpoint } = await trainKeeping(vgg, { phase: 'FEATURE_EXTRACTION', epoch: 1 });
    const ran: EpochMetric[] = [];
    await expect(trainClassifier({ datasetDir: dataset.dir, config: { ...vgg, strategy: 'BASELINE' }, resume: checkpoint, callbacks: { onEpochEnd: (m) => void ran.push(m) } })).rejects.toThrow(
      /^Cannot resume from this checkpoint: it has no weight 'conv2d\/kernel': it was written for another model or configuration\. Start the run afresh\.$/,
    );
    expect(ran).toEqual([]);
  });
});
