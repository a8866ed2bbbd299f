import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { WeightsSource } from '@transferlab/ml-core';
import { IMAGENET_WEIGHTS } from '@transferlab/ml-core/no-tfjs';
import type { TrainerEnv } from '../env';
import { parseInteger, parseIntegerBetween } from '../options';
import { startBackend } from '../start-backend';
import { trainToFolder } from './train';

export function registerDemoCommands(program: Command, env: TrainerEnv): void {
  program
    .command('demo-data')
    .description('Write a small generated image dataset (shapes in colours) in the Keras folder layout.')
    .argument('<dir>', 'folder to write')
    .option('--classes <n>', 'number of classes (2-4)', parseIntegerBetween(2, 4), 3)
    .option('--images-per-class <n>', 'images per class', parseIntegerBetween(1, 100_000), 40)
    .option('--image-size <px>', 'image size', parseIntegerBetween(1, 1024), 64)
    .option('--seed <n>', 'random seed', parseInteger, 7)
    .action(async (dir: string, flags: { classes: number; imagesPerClass: number; imageSize: number; seed: number }) => {
      const { generateDemoDataset } = await import('@transferlab/ml-core');
      const { classNames, files } = await generateDemoDataset({ dir, classes: flags.classes, imagesPerClass: flags.imagesPerClass, imageSize: flags.imageSize, seed: flags.seed });
      process.stdout.write(`wrote ${files} images in ${classNames.length} classes (${classNames.join(', ')}) to ${dir}\n`);
    });

  program
    .command('demo')
    .description('The first run: generate a demo dataset and train a VGG16 feature-extraction model on it, offline.')
    .option('--epochs <n>', 'epochs', parseInteger, 12)
    .action(async (flags: { epochs: number }) => {
      await startBackend(env);
      const { generateDemoDataset } = await import('@transferlab/ml-core');
      const dataset = join(env.dataDir, 'demo', 'dataset');
      const out = join(env.dataDir, 'demo', 'model');
      await generateDemoDataset({ dir: dataset, classes: 3, imagesPerClass: 40, imageSize: 64 });
      const cached = join(env.weightsDir, IMAGENET_WEIGHTS.VGG16.fileName);
      const haveImagenet = await access(cached).then(
        () => true,
        () => false,
      );
      const source: WeightsSource = haveImagenet ? 'imagenet' : 'none';
      if (!haveImagenet) {
        process.stderr.write(`ImageNet weights are not in ${env.weightsDir}: the demo uses random VGG16 weights. Run 'transferlab download-weights' to fetch them.\n`);
      }
      await trainToFolder(env, {
        dataset,
        out,
        // Random VGG16 features are small in magnitude, so the head needs a larger step to learn
        // them in a few epochs; with ImageNet weights the recipe's 1e-3 is right.
        config: { strategy: 'FEATURE_EXTRACTION', backbone: 'VGG16', pretrained: haveImagenet, imageSize: 64, batchSize: 16, epochs: flags.epochs, learningRate: haveImagenet ? 0.001 : 0.01, seed: 1 },
        source,
        json: false,
      });
      process.stdout.write(`Try it: transferlab predict ${out} ${join(dataset, 'circles', 'circles_000.png')}\n`);
    });
}
