import type { Run } from '@transferlab/db/schema';
import { describe, expect, it } from 'vitest';
import { compareLadder } from './ladder-comparison';
import { overallImagesPerSecond, wallTimeSeconds } from './run-figures';

function run(strategy: Run['strategy'], status: Run['status'], bestValAccuracy: number | null): Run {
  return { id: strategy, strategy, status, bestValAccuracy, startedAt: new Date(0), finishedAt: status === 'RUNNING' ? null : new Date(90_000) } as Run;
}

describe('compareLadder', () => {
  it('orders the rungs, takes the better transfer run against the baseline, and says whether fine-tuning helped', () => {
    const facts = [run('FINE_TUNE', 'SUCCEEDED', 0.7), run('BASELINE', 'SUCCEEDED', 0.5), run('FEATURE_EXTRACTION', 'SUCCEEDED', 0.8)].map((r) => ({ run: r, testAccuracy: null, epochs: [] }));
    const comparison = compareLadder(facts);
    expect(comparison.rungs.map((r) => r.strategy)).toEqual(['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE']);
    expect(comparison.transferGain).toBeCloseTo(0.3);
    expect(comparison.fineTuneGain).toBeCloseTo(-0.1);
    expect(comparison.fineTuneHelped).toBe(false);
    expect(comparison.rungs[0]!.wallTimeSeconds).toBe(90);
  });

  it('leaves what depends on an unfinished run null; a running best so far does not count', () => {
    const facts = [run('BASELINE', 'SUCCEEDED', 0.5), run('FEATURE_EXTRACTION', 'RUNNING', 0.9), run('FINE_TUNE', 'QUEUED', null)].map((r) => ({ run: r, testAccuracy: null, epochs: [] }));
    const comparison = compareLadder(facts);
    expect(comparison.rungs.map((r) => r.valAccuracy)).toEqual([0.5, null, null]);
    expect(comparison).toMatchObject({ transferGain: null, fineTuneGain: null, fineTuneHelped: null });
    expect(comparison.rungs[1]!.wallTimeSeconds).toBeNull();
  });
});

describe('overallImagesPerSecond and wallTimeSeconds', () => {
  it('weights each epoch by its duration, and is null without epochs', () => {
    expect(overallImagesPerSecond([{ imagesPerSecond: 10, durationMs: 1000 }, { imagesPerSecond: 50, durationMs: 9000 }])).toBeCloseTo(46);
    expect(overallImagesPerSecond([])).toBeNull();
    expect(wallTimeSeconds({ startedAt: new Date(1000), finishedAt: new Date(4500) })).toBe(3.5);
    expect(wallTimeSeconds({ startedAt: null, finishedAt: null })).toBeNull();
  });
});
