import { describe, expect, it } from 'vitest';
import type { EpochPointFragment, Phase } from '@/generated/graphql';
import { epochAxis, mergeMetrics, seriesOf } from './epoch-series';

const metric = (phase: Phase, epoch: number, valAccuracy: number | null = 0.5): EpochPointFragment => ({
  phase,
  epoch,
  loss: 1 / epoch,
  accuracy: 0.5,
  valLoss: null,
  valAccuracy,
  learningRate: 0.001,
  durationMs: 10,
  imagesPerSecond: 100,
  at: '2026-01-01T00:00:00Z',
});

describe('mergeMetrics', () => {
  it('keeps one row per phase and epoch, in training order, whatever order they arrive in', () => {
    const history = [metric('FEATURE_EXTRACTION', 1), metric('FEATURE_EXTRACTION', 2)];
    const merged = mergeMetrics(history, [metric('FINE_TUNE', 1), metric('FEATURE_EXTRACTION', 2, 0.9), metric('FEATURE_EXTRACTION', 3)]);
    expect(merged.map((m) => `${m.phase}:${m.epoch}`)).toEqual(['FEATURE_EXTRACTION:1', 'FEATURE_EXTRACTION:2', 'FEATURE_EXTRACTION:3', 'FINE_TUNE:1']);
    expect(merged[1]!.valAccuracy).toBe(0.9);
  });
});

describe('epochAxis', () => {
  it('numbers epochs through both phases and marks where fine-tuning starts', () => {
    const { points, boundary } = epochAxis([metric('FEATURE_EXTRACTION', 1), metric('FEATURE_EXTRACTION', 2), metric('FINE_TUNE', 1)]);
    expect(points.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(boundary).toBe(2.5);
  });

  it('marks no boundary without fine-tuning', () => {
    expect(epochAxis([metric('BASELINE', 1)]).boundary).toBeNull();
  });

  it('leaves out epochs without a value (no validation images)', () => {
    const { points } = epochAxis([metric('BASELINE', 1, null), metric('BASELINE', 2, 0.7)]);
    expect(seriesOf(points, 'valAccuracy')).toEqual([{ x: 2, y: 0.7 }]);
  });
});
