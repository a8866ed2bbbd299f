import type { Run, SweepGrid } from '@transferlab/db/schema';
import { describe, expect, it } from 'vitest';
import { rankSweep } from './sweep-ranking';

const grid: SweepGrid = { learningRate: [0.1, 0.01, 0.001, 0.0001], fineTuneLearningRate: [], unfreezeFrom: [], dropout: [], imageSize: [] };

function run(id: string, learningRate: number, status: Run['status'], bestValAccuracy: number | null): Run {
  const finished = status !== 'QUEUED' && status !== 'RUNNING';
  return { id, strategy: 'FEATURE_EXTRACTION', status, bestValAccuracy, config: { learningRate, dropout: 0.2, imageSize: 64, fineTuneLearningRate: 0.0001, unfreezeFrom: null }, startedAt: new Date(0), finishedAt: finished ? new Date(30_000) : null } as unknown as Run;
}

describe('rankSweep', () => {
  it('ranks succeeded runs by validation accuracy (ties to the earlier run), the rest after in grid order', () => {
    const facts = [run('a', 0.1, 'SUCCEEDED', 0.6), run('b', 0.01, 'RUNNING', 0.95), run('c', 0.001, 'SUCCEEDED', 0.8), run('d', 0.0001, 'SUCCEEDED', 0.8)].map((r) => ({ run: r, testAccuracy: 0.5, epochs: [] }));
    const ranking = rankSweep(grid, facts);
    expect(ranking.entries.map((e) => [e.run.id, e.rank, e.valAccuracy])).toEqual([
      ['c', 1, 0.8],
      ['d', 2, 0.8],
      ['a', 3, 0.6],
      // A running run's best so far would still move: it is not ranked yet.
      ['b', null, null],
    ]);
    expect(ranking.best?.run.id).toBe('c');
    expect(ranking.finished).toBe(3);
    expect(ranking.entries[0]!.params).toEqual({ learningRate: 0.001, fineTuneLearningRate: null, unfreezeFrom: null, dropout: 0.2, imageSize: 64 });
    expect(ranking.entries[0]!.wallTimeSeconds).toBe(30);
    expect(ranking.entries[3]!.testAccuracy).toBeNull();
  });

  it('has no best until a run succeeded, and counts failed and canceled runs as finished', () => {
    const facts = [run('a', 0.1, 'FAILED', 0.7), run('b', 0.01, 'CANCELED', null), run('c', 0.001, 'QUEUED', null)].map((r) => ({ run: r, testAccuracy: null, epochs: [] }));
    const ranking = rankSweep(grid, facts);
    expect(ranking).toMatchObject({ best: null, finished: 2 });
    expect(ranking.entries.map((e) => [e.run.id, e.rank])).toEqual([
      ['a', null],
      ['b', null],
      ['c', null],
    ]);
  });
});
