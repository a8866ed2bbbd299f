import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBackbone, disposeModelWeights, loadKerasH5Weights, loadModel, writeKerasH5Weights } from '@transferlab/ml-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeamWithDataset, startRun, waitForRun } from './e2e/fixtures';
import { startStack, type Stack } from './e2e/stack';
import { runCli } from './run-cli';

const finished = (r: { status: string }) => ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(r.status);

/** Every weight of every layer, by layer name, as plain numbers. */
function layerWeights(layers: { name: string; getWeights(): { dataSync(): ArrayLike<number> }[] }[]): Map<string, number[][]> {
  return new Map(layers.filter((l) => l.getWeights().length > 0).map((l) => [l.name, l.getWeights().map((w) => Array.from(w.dataSync()))]));
}

describe('a run started from uploaded weights', () => {
  let stack: Stack;
  let dir: string;
  beforeAll(async () => {
    stack = await startStack();
    dir = await mkdtemp(join(tmpdir(), 'worker-weights-'));
  });
  afterAll(async () => {
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains with exactly those weights: the frozen backbone of the model equals the upload, and the model says which weights it used', async () => {
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: 6 });
    // Weights "pretrained on the team's domain": a MobileNetV2 0.35 with seeded weights, as a Keras h5 file.
    const source = buildBackbone('MOBILENET_V2', { imageSize: 32, alpha: 0.35, seed: 99 });
    const h5 = join(dir, 'domain.h5');
    await writeKerasH5Weights(source, h5, { layout: 'keras2' });
    const uploaded = layerWeights(source.layers);
    disposeModelWeights(source);
    const sha256 = createHash('sha256').update(await readFile(h5)).digest('hex');

    // Uploaded with the README's command.
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, seed.token);
    const cli = await runCli(['weights', 'upload', '--api', stack.baseUrl, '--token-file', tokenFile, '--backbone', 'MOBILENET_V2', '--alpha', '0.35', h5]);
    expect(cli.code, cli.stderr).toBe(0);
    const weights = JSON.parse(cli.stdout) as { id: string; name: string; sha256: string };
    expect(weights).toMatchObject({ name: 'domain', sha256 });

    const runId = await startRun(stack, seed.token, seed.datasetId, { backbone: 'MOBILENET_V2', weightsId: weights.id, pretrained: true, epochs: 1 });
    const worker = stack.startWorker({ name: 'assets', once: true });
    const run = await waitForRun(stack, seed.token, runId, finished, 150_000);
    expect(await worker.exited).toBe(0);
    expect(run.status, String(run.error)).toBe('SUCCEEDED');
    expect(worker.output()).toContain(`weights domain fetched from the API`);
    // In the worker's weights cache, by hash, for the next run.
    await access(join(stack.dataDir, 'worker-assets', 'weights', 'assets', `${sha256}.h5`));

    const modelId = (run.model as { id: string }).id;
    const modelDir = join(dir, 'model');
    await mkdir(modelDir, { recursive: true });
    for (const file of ['model.json', 'weights.bin', 'metadata.json']) {
      const res = await fetch(`${stack.baseUrl}/api/models/${modelId}/${file}`, { headers: { authorization: `Bearer ${seed.token}` } });
      expect(res.status).toBe(200);
      await writeFile(join(modelDir, file), Buffer.from(await res.arrayBuffer()));
    }
    const trained = await loadModel(modelDir);
    expect(trained.metadata.weights).toEqual({ kind: 'h5', hash: sha256, asset: { id: weights.id, name: 'domain' } });
    const leaves = trained.model.layers.flatMap((l) => ((l as unknown as { layers?: typeof trained.model.layers }).layers ?? [l]));
    const inModel = layerWeights(leaves);
    expect(uploaded.size).toBeGreaterThan(50);
    for (const [name, arrays] of uploaded) expect(inModel.get(name), name).toEqual(arrays);
    disposeModelWeights(trained.model);

    const { run: recorded } = await stack.gql<{ run: { weights: unknown } }>('query ($id: ID!) { run(id: $id) { weights { id name sha256 } } }', { id: runId }, seed.token);
    expect(recorded.weights).toEqual({ id: weights.id, name: 'domain', sha256 });
    // The loaded h5 itself matches too (a sanity check of the comparison).
    const check = buildBackbone('MOBILENET_V2', { imageSize: 32, alpha: 0.35 });
    await loadKerasH5Weights(check, h5);
    expect(layerWeights(check.layers)).toEqual(uploaded);
    disposeModelWeights(check);
  }, 240_000);
});
