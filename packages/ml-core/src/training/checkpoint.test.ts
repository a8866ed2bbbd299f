import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, readWeights, writeWeights, type TrainCheckpoint } from './checkpoint';

const checkpoint = (): TrainCheckpoint => ({
  phase: 'FINE_TUNE',
  epoch: 2,
  state: { learningRate: 5e-5, phaseBest: 0.42, sinceBest: 1, sinceLrImproved: 0, lrScore: Number.POSITIVE_INFINITY, done: false },
  metrics: [{ phase: 'FEATURE_EXTRACTION', epoch: 1, loss: 0.9, accuracy: 0.5, valLoss: null, valAccuracy: null, learningRate: 1e-3, durationMs: 12, imagesPerSecond: 100, at: new Date('2026-11-28T10:00:00Z') }],
  weights: new Map([['dense/kernel', Float32Array.from([1, 2, 3, 4, 5, 6])], ['dense/bias', Float32Array.from([-1.5, 0.25])]]),
  best: { score: 0.42, at: { phase: 'FEATURE_EXTRACTION', epoch: 1 }, weights: new Map([['dense/kernel', new Float32Array(6).fill(7)], ['dense/bias', Float32Array.from([0, 1])]]) },
});

describe('checkpoint files', () => {
  it('round-trip every field, including an infinite loss and the best weights', () => {
    const bytes = encodeCheckpoint(checkpoint());
    const back = decodeCheckpoint(bytes);
    expect(back).toEqual(checkpoint());
    // Also from a buffer that does not start at offset 0 (as Node's Buffers often do not).
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(decodeCheckpoint(padded.subarray(3))).toEqual(checkpoint());
  });

  it('leave the best weights out when the best epoch is the current one', () => {
    const current = { ...checkpoint(), best: { score: 0.3, at: { phase: 'FINE_TUNE', epoch: 2 }, weights: null } };
    const bytes = encodeCheckpoint(current);
    expect(bytes.length).toBeLessThan(encodeCheckpoint(checkpoint()).length);
    expect(decodeCheckpoint(bytes).best).toEqual({ score: 0.3, at: { phase: 'FINE_TUNE', epoch: 2 }, weights: null });
  });

  it('refuse what is not one, or is cut short, saying to start afresh', () => {
    const bytes = encodeCheckpoint(checkpoint());
    expect(() => decodeCheckpoint(new TextEncoder().encode('{"not":"a checkpoint"}'))).toThrow(new CheckpointError('it is not a TransferLab checkpoint'));
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(/^Cannot resume from this checkpoint: it holds \d+ bytes where its header describes \d+\. Start the run afresh\.$/);
    expect(() => decodeCheckpoint(bytes.subarray(0, 12))).toThrow('it is truncated');
  });
});

describe('readWeights / writeWeights', () => {
  const model = () => {
    const input = tf.input({ shape: [3] });
    return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, name: 'dense' }).apply(input) as tf.SymbolicTensor });
  };

  it("carry a model's weights by name into another build of it", () => {
    const [a, b] = [model(), model()];
    writeWeights(b, readWeights(a));
    expect(readWeights(b)).toEqual(readWeights(a));
    tf.dispose([...a.weights, ...b.weights].map((w) => w.read()));
  });

  it('write nothing when a weight is missing or the wrong size, naming it', () => {
    const m = model();
    const before = readWeights(m);
    expect(() => writeWeights(m, new Map([['dense/kernel', new Float32Array(6)]]))).toThrow("it has no weight 'dense/bias': it was written for another model or configuration");
    expect(() => writeWeights(m, new Map([['dense/kernel', new Float32Array(5)], ['dense/bias', new Float32Array(2)]]))).toThrow("weight 'dense/kernel' has 5 values where the model has 6");
    expect(readWeights(m)).toEqual(before);
    tf.dispose(m.weights.map((w) => w.read()));
  });
});
