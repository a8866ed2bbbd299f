import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ImageDecodeError } from '@transferlab/ml-core/no-tfjs';
import type { TrainerEnv } from '../env';
import { readFailure } from '../image-files';
import { parseInteger } from '../options';
import { startBackend } from '../start-backend';

export function registerPredictCommand(program: Command, env: TrainerEnv): void {
  program
    .command('predict')
    .description('Classify images with a saved model; prints JSON: one entry per image with its top-k labels.')
    .argument('<model>', 'model folder written by `transferlab train`')
    .argument('<images...>', 'image files (JPEG, PNG, GIF, WebP, BMP)')
    .option('-k, --top-k <k>', 'how many labels per image', parseInteger, 5)
    .action(async (modelDir: string, images: string[], flags: { topK: number }) => {
      await startBackend(env, true);
      const { loadModel, predictImages, releaseModel } = await import('@transferlab/ml-core');
      const loaded = await loadModel(modelDir);
      try {
        // Read and decode each file on its own so one bad image is reported, not fatal for the rest.
        const results = [];
        for (const file of images) {
          try {
            const [predictions] = await predictImages(loaded, [await readFile(file)], { topK: flags.topK, maxInputPixels: env.maxInputPixels });
            results.push({ file, predictions });
          } catch (error) {
            const reason = error instanceof ImageDecodeError ? error.reason : readFailure(error);
            if (reason === undefined) throw error;
            results.push({ file, error: reason });
          }
        }
        process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        if (results.some((r) => 'error' in r)) process.exitCode = 1;
      } finally {
        await releaseModel(loaded);
      }
    });
}
