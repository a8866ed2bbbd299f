import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { generateDemoDataset } from '../src/demo/generate-demo-dataset';

/** A fresh generated dataset (three shape classes) in its own temp folder. */
export async function makeShapesDataset(options: { imagesPerClass?: number; imageSize?: number; valFraction?: number; seed?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'transferlab-shapes-'));
  await generateDemoDataset({ dir, classes: 3, imagesPerClass: options.imagesPerClass ?? 24, imageSize: options.imageSize ?? 32, valFraction: options.valFraction, seed: options.seed ?? 3 });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

// Three classes: chance is 1/3. "Learned" means clearly above it on held-out images.
export const WELL_ABOVE_CHANCE = 0.7;

/** A shapes dataset made before the suite's tests and removed after them; `dir` is set once it exists. */
export function useShapesDataset(options: Parameters<typeof makeShapesDataset>[0]): { dir: string } {
  const handle = { dir: '' };
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const dataset = await makeShapesDataset(options);
    handle.dir = dataset.dir;
    cleanup = dataset.cleanup;
  });
  afterAll(() => cleanup?.());
  return handle;
}
