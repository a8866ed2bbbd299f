import { Option, type Command } from 'commander';
import { BACKBONE_NAMES, type BackboneName } from '@transferlab/ml-core/no-tfjs';
import type { TrainerEnv } from '../env';
import { parseInteger, parseNumber } from '../options';
import { startBackend } from '../start-backend';

interface ThroughputFlags {
  backbone: BackboneName;
  alpha?: number;
  imageSize: number;
  batchSize: number;
  unfreezeFrom?: string;
  reps: number;
  json: boolean;
}

export function registerThroughputCommand(program: Command, env: TrainerEnv): void {
  program
    .command('throughput')
    .description('Measure backbone images/second on random weights and inputs: frozen forward passes and fine-tuning steps.')
    .addOption(new Option('-b, --backbone <backbone>', 'backbone').choices(BACKBONE_NAMES).default('VGG16'))
    .option('--alpha <n>', 'MobileNetV2 width multiplier (default 1.0)', parseNumber)
    .option('--image-size <px>', 'input size in pixels', parseInteger, 224)
    .option('--batch-size <n>', 'images per batch', parseInteger, 8)
    .option('--unfreeze-from <layer>', 'first layer or block the fine-tuning step trains (default: the last conv block)')
    .option('--reps <n>', 'timed batches per measurement, after one warm-up batch', parseInteger, 3)
    .option('--json', 'print one JSON line instead of text', false)
    .action(async (flags: ThroughputFlags) => {
      await startBackend(env);
      const { measureThroughput } = await import('@transferlab/ml-core');
      const result = await measureThroughput({
        backbone: flags.backbone,
        alpha: flags.alpha,
        imageSize: flags.imageSize,
        batchSize: flags.batchSize,
        unfreezeFrom: flags.unfreezeFrom,
        reps: flags.reps,
      });
      const out = { backbone: flags.backbone, imageSize: flags.imageSize, batchSize: flags.batchSize, reps: flags.reps, ...result };
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(out)}\n`
          : `${flags.backbone} at ${flags.imageSize} px, batch ${flags.batchSize}: forward ${result.forwardImagesPerSecond.toFixed(1)} img/s (${result.frozenEngine}), ` +
              `fine-tune step ${result.fineTuneStepImagesPerSecond.toFixed(1)} img/s (${result.trainingEngine}), ` +
              `on the cached frozen prefix ${result.fineTuneStepOnCachedPrefixImagesPerSecond.toFixed(1)} img/s\n` +
              (result.fineTuneStep
                ? `step ${result.fineTuneStep.ms.toFixed(0)} ms: ${Object.entries(result.fineTuneStep.parts)
                    .map(([part, p]) => `${part} ${p.ms.toFixed(1)} ms (${(p.fraction * 100).toFixed(1)}%)`)
                    .join(', ')}\n`
                : ''),
      );
    });
}
