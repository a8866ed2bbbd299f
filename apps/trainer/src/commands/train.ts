import { Option, type Command } from 'commander';
import type { TrainConfigInput, TrainResult, WeightsSource } from '@transferlab/ml-core';
import { BACKBONE_NAMES, type BackboneName } from '@transferlab/ml-core/no-tfjs';
import type { TrainerEnv } from '../env';
import { boundedFlag, parseNumber } from '../options';
import { startBackend } from '../start-backend';
import { terminalCallbacks } from '../training-output';

interface TrainFlags {
  out: string;
  strategy: TrainConfigInput['strategy'];
  backbone?: BackboneName;
  alpha?: number;
  weights: string;
  imageSize?: number;
  batchSize?: number;
  epochs?: number;
  fineTuneEpochs?: number;
  learningRate?: number;
  fineTuneLearningRate?: number;
  unfreezeFrom?: string;
  dropout?: number;
  flip?: boolean;
  rotation?: number;
  zoom?: number;
  brightness?: number;
  contrast?: number;
  saturation?: number;
  hue?: number;
  earlyStoppingPatience?: number;
  reduceLrPatience?: number;
  validationSplit?: number;
  testSplit?: number;
  classWeight?: 'balanced' | 'none';
  seed?: number;
  json: boolean;
}

export function registerTrainCommand(program: Command, env: TrainerEnv): void {
  program
    .command('train')
    .description('Train a classifier on a dataset folder (Keras layout: <class>/* or train/<class>/* + val/<class>/*, optionally + test/<class>/*) and save it.')
    .argument('<dataset>', 'dataset folder')
    .requiredOption('-o, --out <dir>', 'folder to write the model to (TensorFlow.js files + metadata.json)')
    .addOption(new Option('-s, --strategy <strategy>', 'training strategy').choices(['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE']).default('FEATURE_EXTRACTION'))
    .addOption(new Option('-b, --backbone <backbone>', 'pretrained backbone (default VGG16)').choices(BACKBONE_NAMES))
    .option('--alpha <n>', 'MobileNetV2 width multiplier (0.35 … 1.4; default 1.0)', parseNumber)
    .option('-w, --weights <source>', "backbone weights: 'imagenet' (downloaded once), 'none' (random), or a path to a Keras .h5 or TensorFlow.js model.json", 'imagenet')
    .option('--image-size <px>', ...boundedFlag('imageSize', 'input size in pixels'))
    .option('--batch-size <n>', ...boundedFlag('batchSize', 'batch size'))
    .option('-e, --epochs <n>', ...boundedFlag('epochs', 'feature-extraction (or baseline) epochs'))
    .option('--fine-tune-epochs <n>', ...boundedFlag('fineTuneEpochs', 'FINE_TUNE: epochs of the second phase'))
    .option('--learning-rate <lr>', ...boundedFlag('learningRate', 'learning rate'))
    .option('--fine-tune-learning-rate <lr>', ...boundedFlag('fineTuneLearningRate', 'FINE_TUNE: second-phase learning rate'))
    .option('--unfreeze-from <layer>', 'FINE_TUNE: first layer or block to unfreeze (default: the last conv block)')
    .option('--dropout <rate>', ...boundedFlag('dropout', 'dropout before the new head (transfer strategies; the baseline, as the recipe has it, has none)'))
    .option('--flip', 'augment: random horizontal flips')
    .option('--rotation <degrees>', ...boundedFlag('augmentation.rotationDegrees', 'augment: random rotation up to ± degrees'))
    .option('--zoom <fraction>', ...boundedFlag('augmentation.zoom', 'augment: random zoom up to ± fraction'))
    .option('--brightness <fraction>', ...boundedFlag('augmentation.brightness', 'augment: random brightness up to ± fraction'))
    .option('--contrast <fraction>', ...boundedFlag('augmentation.contrast', 'augment: random contrast up to ± fraction'))
    .option('--saturation <fraction>', ...boundedFlag('augmentation.saturation', 'augment: random saturation, times 1 ± fraction'))
    .option('--hue <turns>', ...boundedFlag('augmentation.hue', 'augment: random hue turn up to ± this fraction of the colour wheel'))
    .option('--early-stopping-patience <epochs>', ...boundedFlag('earlyStoppingPatience', 'stop a phase after this many epochs without improvement'))
    .option('--reduce-lr-patience <epochs>', ...boundedFlag('reduceLrPatience', 'halve the learning rate after this many epochs without improvement'))
    .option('--validation-split <fraction>', ...boundedFlag('validationSplit', 'validation fraction when the dataset has no val/ folder'))
    .option('--test-split <fraction>', ...boundedFlag('testSplit', 'test fraction held out (never used to pick the epoch) when the dataset has no test/ folder'))
    .addOption(new Option('--class-weight <mode>', 'weigh classes for imbalance (default balanced)').choices(['balanced', 'none']))
    .option('--seed <n>', ...boundedFlag('seed', 'random seed; drawn and recorded when left out'))
    .option('--json', 'print JSON lines instead of text', false)
    .action(async (dataset: string, flags: TrainFlags) => {
      await startBackend(env);
      const { config, source } = configFromFlags(flags);
      await trainToFolder(env, { dataset, out: flags.out, config, source, json: flags.json });
    });
}

function configFromFlags(f: TrainFlags): { config: TrainConfigInput; source: WeightsSource } {
  const source: WeightsSource = f.weights === 'imagenet' || f.weights === 'none' ? f.weights : { path: f.weights };
  const augmentation = { flip: f.flip, rotationDegrees: f.rotation, zoom: f.zoom, brightness: f.brightness, contrast: f.contrast, saturation: f.saturation, hue: f.hue };
  const config: TrainConfigInput = {
    strategy: f.strategy,
    backbone: f.backbone,
    alpha: f.alpha as TrainConfigInput['alpha'],
    pretrained: f.weights !== 'none',
    imageSize: f.imageSize,
    batchSize: f.batchSize,
    epochs: f.epochs,
    fineTuneEpochs: f.fineTuneEpochs,
    learningRate: f.learningRate,
    fineTuneLearningRate: f.fineTuneLearningRate,
    unfreezeFrom: f.unfreezeFrom,
    dropout: f.dropout,
    augmentation: Object.values(augmentation).some((v) => v !== undefined) ? augmentation : undefined,
    earlyStoppingPatience: f.earlyStoppingPatience,
    reduceLrPatience: f.reduceLrPatience,
    validationSplit: f.validationSplit,
    testSplit: f.testSplit,
    classWeight: f.classWeight,
    seed: f.seed,
  };
  // Leave unset flags out so the config's own defaults apply (and are recorded as resolved).
  return { config: Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as TrainConfigInput, source };
}

/** Trains, prints progress, saves the model; Ctrl-C stops at the next batch and keeps the best weights. */
export async function trainToFolder(
  env: TrainerEnv,
  run: { dataset: string; out: string; config: TrainConfigInput; source: WeightsSource; json: boolean },
): Promise<void> {
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nstopping after this batch (Ctrl-C again to quit now)…\n');
    process.off('SIGINT', onSigint);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const output = terminalCallbacks({ json: run.json });
  const { FeatureCache, saveModel, trainClassifier } = await import('@transferlab/ml-core');
  try {
    const result = await trainClassifier({
      datasetDir: run.dataset,
      config: run.config,
      weights: { source: run.source, cacheDir: env.weightsDir, baseUrl: env.weightsBaseUrl },
      featureCache: new FeatureCache(env.featureCacheDir),
      maxInputPixels: env.maxInputPixels,
      signal: controller.signal,
      callbacks: output,
    });
    try {
      await saveModel(run.out, result.model, result.metadata);
    } finally {
      result.dispose();
    }
    const m = result.metadata;
    const summary = {
      type: 'summary',
      model: run.out,
      end: result.end,
      classes: m.classes,
      valAccuracy: m.metrics.valAccuracy,
      // Measured on images nothing was chosen on; null without a test split.
      testAccuracy: m.testEvaluation?.accuracy ?? null,
      trainCount: result.dataset.trainCount,
      valCount: result.dataset.valCount,
      testCount: result.dataset.testCount,
      bestEpoch: m.metrics.bestEpoch,
      phases: m.metrics.phases,
      featureCache: result.featureCache,
      skipped: result.dataset.skipped,
      // Wall time of the dataset step and of each phase, for benchmarks.
      timings: result.timings,
      // maxRSS is in KiB; the process's peak, so the benchmarks need no wrapper around the CLI.
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    process.stdout.write(run.json ? `${JSON.stringify(summary)}\n` : summaryText(run.out, result));
  } finally {
    output.stop();
    process.off('SIGINT', onSigint);
  }
}

/** The saved model, each phase's best, and test accuracy on its own line: the only held-out figure. */
function summaryText(out: string, result: TrainResult): string {
  const m = result.metadata;
  const best = m.metrics.bestEpoch ? `${m.metrics.bestEpoch.phase} epoch ${m.metrics.bestEpoch.epoch}` : 'n/a';
  const lines = [`saved ${out} (${result.end}; best ${best}; val accuracy ${m.metrics.valAccuracy?.toFixed(3) ?? 'n/a'})`];
  if (m.metrics.phases.length > 1) {
    for (const p of m.metrics.phases) {
      lines.push(`  ${p.phase}: best epoch ${p.bestEpoch ?? 'n/a'} of ${p.epochsRun}${p.stoppedEarly ? ' (stopped early)' : ''}, val loss ${p.valLoss?.toFixed(4) ?? 'n/a'}, val accuracy ${p.valAccuracy?.toFixed(3) ?? 'n/a'}`);
    }
  }
  lines.push(
    m.testEvaluation
      ? `test accuracy ${m.testEvaluation.accuracy.toFixed(3)} on ${m.testEvaluation.count} held-out images (never used to pick the epoch)`
      : 'test accuracy n/a (no test/ folder or --test-split: the val accuracy above picked the epoch, so it is not a held-out measure)',
  );
  return `${lines.join('\n')}\n`;
}
