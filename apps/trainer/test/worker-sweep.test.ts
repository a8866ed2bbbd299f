import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBackbone, disposeModelWeights, writeKerasH5Weights } from '@transferlab/ml-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeamWithDataset, waitForRun } from './e2e/fixtures';
import { startStack, type Stack } from './e2e/stack';
import { runCli } from './run-cli';

const finished = (r: { status: string }) => ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(r.status);
const IMAGES_PER_CLASS = 8;

interface SweepRun {
  id: string;
  name: string;
  status: string;
  startedAt: string | null;
  featureCache: { hits: number; misses: number } | null;
}

// A sweep's runs on one trainer share its on-disk feature cache: with the same backbone, weights
// and image size, only the first run computes the frozen backbone's features.
describe('a feature-extraction sweep on one worker', () => {
  let stack: Stack;
  let dir: string;
  beforeAll(async () => {
    stack = await startStack();
    dir = await mkdtemp(join(tmpdir(), 'worker-sweep-'));
  });
  afterAll(async () => {
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('computes the features once: the first run misses every image, each later run finds them all in the cache', async () => {
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: IMAGES_PER_CLASS });
    const images = seed.classNames.length * IMAGES_PER_CLASS;
    // Fixed weights, uploaded as the team's: features are shared only between runs whose weights
    // are the same file (random weights are drawn per run and never cached across runs).
    const source = buildBackbone('MOBILENET_V2', { imageSize: 32, alpha: 0.35, seed: 7 });
    const h5 = join(dir, 'fixed.h5');
    await writeKerasH5Weights(source, h5, { layout: 'keras2' });
    disposeModelWeights(source);
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, seed.token);
    const uploaded = await runCli(['weights', 'upload', '--api', stack.baseUrl, '--token-file', tokenFile, '--backbone', 'MOBILENET_V2', '--alpha', '0.35', h5]);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    const weightsId = (JSON.parse(uploaded.stdout) as { id: string }).id;

    const base = { datasetId: seed.datasetId, strategy: 'FEATURE_EXTRACTION', backbone: 'MOBILENET_V2', weightsId, imageSize: 32, batchSize: 8, epochs: 2 };
    const { startSweep } = await stack.gql<{ startSweep: { id: string; runs: { id: string }[] } }>(
      'mutation ($input: StartSweepInput!) { startSweep(input: $input) { id runs { id } } }',
      { input: { name: 'lr', base, grid: { learningRate: [0.01, 0.003, 0.001] } } },
      seed.token,
    );
    expect(startSweep.runs).toHaveLength(3);

    const worker = stack.startWorker({ name: 'sweeper' });
    for (const { id } of startSweep.runs) {
      const run = await waitForRun(stack, seed.token, id, finished, 150_000);
      expect(run.status, `${String(run.error)}\n${worker.output()}`).toBe('SUCCEEDED');
    }
    worker.kill('SIGTERM');
    await worker.exited;

    const { runGroup } = await stack.gql<{ runGroup: { runs: SweepRun[]; sweep: { finished: number; best: { run: { id: string } } | null } } }>(
      'query ($id: ID!) { runGroup(id: $id) { runs { id name status startedAt featureCache { hits misses } } sweep { finished best { run { id } } } } }',
      { id: startSweep.id },
      seed.token,
    );
    expect(runGroup.runs.map((r) => r.name)).toEqual(['lr · lr 0.01', 'lr · lr 0.003', 'lr · lr 0.001']);
    expect(runGroup.sweep.finished).toBe(3);
    expect(runGroup.sweep.best).not.toBeNull();
    // In the order the worker trained them.
    const [first, ...later] = [...runGroup.runs].sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
    expect(first!.featureCache).toEqual({ hits: 0, misses: images });
    for (const run of later) expect(run.featureCache, run.name).toEqual({ hits: images, misses: 0 });
  }, 240_000);
});
