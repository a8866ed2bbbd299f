import { Option, type Command } from 'commander';
import type { WeightsSource } from '@transferlab/ml-core';
import { BACKBONE_NAMES, type BackboneName } from '@transferlab/ml-core/no-tfjs';
import type { TrainerEnv } from '../env';
import { readImageFiles } from '../image-files';
import { parseInteger, parseNumber } from '../options';
import { startBackend } from '../start-backend';

export function registerEmbedCommand(program: Command, env: TrainerEnv): void {
  program
    .command('embed')
    .description("Print each image's pooled backbone features as JSON (one vector per image).")
    .argument('<images...>', 'image files')
    .addOption(new Option('-b, --backbone <backbone>', 'backbone').choices(BACKBONE_NAMES).default('VGG16'))
    .option('--alpha <n>', 'MobileNetV2 width multiplier', parseNumber, 1)
    .option('-w, --weights <source>', "'imagenet', 'none', or a path to a Keras .h5 or TensorFlow.js model.json", 'imagenet')
    .option('--image-size <px>', 'input size in pixels', parseInteger, 224)
    .action(async (images: string[], flags: { backbone: BackboneName; alpha: number; weights: string; imageSize: number }) => {
      await startBackend(env, true);
      const { embedImages } = await import('@transferlab/ml-core');
      const weights: WeightsSource = flags.weights === 'imagenet' || flags.weights === 'none' ? flags.weights : { path: flags.weights };
      const bytes = await readImageFiles(images);
      const { vectors, weights: used } = await embedImages(bytes, {
        backbone: flags.backbone,
        alpha: flags.alpha,
        imageSize: flags.imageSize,
        weights,
        cacheDir: env.weightsDir,
        baseUrl: env.weightsBaseUrl,
        maxInputPixels: env.maxInputPixels,
      });
      const out = { backbone: flags.backbone, imageSize: flags.imageSize, weights: used, embeddings: images.map((file, i) => ({ file, vector: vectors[i] })) };
      process.stdout.write(`${JSON.stringify(out)}\n`);
    });
}
