import { Option, type Command } from 'commander';
import { BACKBONE_NAMES, type BackboneName } from '@transferlab/ml-core/no-tfjs';
import type { TrainerEnv } from '../env';
import { parseInteger, parseNumber } from '../options';

export function registerWeightsCommand(program: Command, env: TrainerEnv): void {
  program
    .command('download-weights')
    .description(`Download Keras's ImageNet weights for a backbone into the weights cache (${env.weightsDir}) and verify them.`)
    .addOption(new Option('-b, --backbone <backbone>', 'backbone').choices(BACKBONE_NAMES).default('VGG16'))
    .option('--alpha <n>', 'MobileNetV2 width multiplier', parseNumber, 1)
    .option('--image-size <px>', 'MobileNetV2 weights are published per input size (96, 128, 160, 192, 224)', parseInteger, 224)
    .action(async (flags: { backbone: BackboneName; alpha: number; imageSize: number }) => {
      let lastPercent = -1;
      const { ensureImagenetWeights } = await import('@transferlab/ml-core');
      const result = await ensureImagenetWeights({
        backbone: flags.backbone,
        alpha: flags.alpha,
        imageSize: flags.imageSize,
        cacheDir: env.weightsDir,
        baseUrl: env.weightsBaseUrl,
        onProgress: ({ received, total }) => {
          const percent = total ? Math.floor((received / total) * 100) : -1;
          if (percent !== lastPercent && percent % 10 === 0) process.stderr.write(`downloading… ${percent}%\n`);
          lastPercent = percent;
        },
      });
      process.stdout.write(`${result.downloaded ? 'downloaded' : 'already cached'}: ${result.path} (md5 ${result.md5})\n`);
    });
}
