import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoDataset } from '../src/demo/generate-demo-dataset';

/** A fresh generated dataset (three shape classes) in its own temp folder. */
export async function makeShapesDataset(options: { imagesPerClass?: number; imageSize?: number; valFraction?: number; seed?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'transferlab-shapes-'));
  await generateDemoDataset({ dir, classes: 3, imagesPerClass: options.imagesPerClass ?? 24, imageSize: options.imageSize ?? 32, valFraction: options.valFraction, seed: options.seed ?? 3 });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
