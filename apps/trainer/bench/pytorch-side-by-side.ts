// TransferLab's `train` CLI and the PyTorch reference recipe (../shared/bench/pytorch_reference.py)
// on the same folder and settings, one after the other (never together: timings would share the
// cores), then each side's backbone throughput; with --backbones mobilenet_v2, the same recipe
// with MobileNetV2 against torchvision's (mobilenet-side-by-side.ts). Progress goes to stderr;
// stdout gets one JSON object.
import { spawnSync } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage, round } from './bench-lines';
import { loadAverage, machineFacts } from '@transferlab/ml-core/bench/machine-facts';
import { MOBILENET_UNFREEZE_FROM, mobilenetSideBySide, type MobilenetSideBySide } from './mobilenet-side-by-side';
import { runLines, TRANSFERLAB_CLI, trainFineTuneWithCli } from './run-lines';
import { fineTuneEpochSeconds, mean, num, PEAK_RSS_WRAPPER, peerRecipeFigures, ratio, roundOrNull, target, transferlabRecipeFigures, type Line, type RecipeFigures } from './side-figures';

const REPO = resolve(import.meta.dirname, '../../..');
const UNFREEZE_FROM = 'block5';
const BACKBONES = ['vgg16', 'mobilenet_v2'] as const;
type Backbone = (typeof BACKBONES)[number];
const INSTALL_TORCH = 'apt-get install -y python3-torch python3-torchvision python3-h5py';

const USAGE = `Usage: pnpm -s bench:pytorch [options]

Trains VGG16 (random weights, FINE_TUNE: feature extraction, then fine-tuning from block5) with
TransferLab's CLI and with the PyTorch reference, then measures each side's backbone throughput,
and prints one JSON object comparing them. Needs PyTorch for --python (${INSTALL_TORCH}).

  --data DIR              dataset folder (default ../shared/datasets/flowers5 beside the repository)
  --size PX               image size (default 224)
  --batch N               training batch size (default 32, the reference's)
  --epochs N              feature-extraction epochs (default 10)
  --ft-epochs N           fine-tuning epochs (default 5)
  --short                 1 feature-extraction and 1 fine-tuning epoch, to try the bench in minutes
                          (--epochs and --ft-epochs still win)
  --throughput-batch N    batch size of the throughput measurements (default: --batch, so the
                          convolution rate is measured at the batch the epochs train at)
  --reps N                timed batches per throughput measurement (default 3)
  --threads N             the reference's torch threads (default 2)
  --python PATH           interpreter with torch and torchvision (default /usr/bin/python3)
  --reference PATH        the reference script (default ../shared/bench/pytorch_reference.py)
  --backbones LIST        vgg16, mobilenet_v2 or both, comma-separated (default vgg16). MobileNetV2
                          (alpha 1.0, fine-tuned from block_13) is compared with torchvision's,
                          trained by apps/trainer/bench/pytorch_mobilenet_v2.py
  --skip-reference        run TransferLab only
  --skip-transferlab      run the PyTorch side only
  --help`;

interface Options {
  data: string;
  size: number;
  batch: number;
  epochs: number;
  ftEpochs: number;
  throughputBatch: number;
  reps: number;
  threads: number;
  python: string;
  reference: string;
  backbones: Backbone[];
  skipReference: boolean;
  skipTransferlab: boolean;
}

/** VGG16's figures, the same fields for both sides. */
interface Side extends RecipeFigures {
  forwardImagesPerSecond: number | null;
  fineTuneStepImagesPerSecond: number | null;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean', default: false },
      data: { type: 'string' },
      size: { type: 'string', default: '224' },
      batch: { type: 'string', default: '32' },
      epochs: { type: 'string' },
      'ft-epochs': { type: 'string' },
      short: { type: 'boolean', default: false },
      'throughput-batch': { type: 'string' },
      reps: { type: 'string', default: '3' },
      threads: { type: 'string', default: '2' },
      python: { type: 'string', default: '/usr/bin/python3' },
      reference: { type: 'string' },
      backbones: { type: 'string', default: 'vgg16' },
      'skip-reference': { type: 'boolean', default: false },
      'skip-transferlab': { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return null;
  }
  // pnpm runs the script inside apps/trainer; paths given by the user are relative to where they typed.
  const userPath = (p: string) => (isAbsolute(p) ? p : resolve(process.env.INIT_CWD ?? process.cwd(), p));
  return {
    data: values.data ? userPath(values.data) : resolve(REPO, '../shared/datasets/flowers5'),
    size: whole('--size', values.size, 32),
    batch: whole('--batch', values.batch, 1),
    epochs: whole('--epochs', values.epochs ?? (values.short ? '1' : '10'), 1),
    ftEpochs: whole('--ft-epochs', values['ft-epochs'] ?? (values.short ? '1' : '5'), 1),
    // ONNX Runtime's convolution rate grows with the batch (about 119 GFLOP/s at 8, 169 at 16 on
    // two cores), so a rate measured at a smaller batch than training's is no ceiling for its epochs.
    throughputBatch: whole('--throughput-batch', values['throughput-batch'] ?? values.batch, 1),
    reps: whole('--reps', values.reps, 1),
    threads: whole('--threads', values.threads, 1),
    python: values.python,
    reference: values.reference ? userPath(values.reference) : resolve(REPO, '../shared/bench/pytorch_reference.py'),
    backbones: backboneList(values.backbones),
    skipReference: values['skip-reference'],
    skipTransferlab: values['skip-transferlab'],
  };
}

function whole(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be a whole number of at least ${min}, got '${raw}'\n\n${USAGE}`);
  return n;
}

function backboneList(raw: string): Backbone[] {
  const names = raw.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(BACKBONES as readonly string[]).includes(n));
  if (!names.length || unknown.length) throw new Error(`--backbones takes ${BACKBONES.join(' and/or ')}, comma-separated; got '${raw}'\n\n${USAGE}`);
  return [...new Set(names)] as Backbone[];
}

function requireTorch(python: string): string {
  const check = spawnSync(python, ['-c', 'import torch, torchvision; print(torch.__version__)'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`PyTorch is missing for ${python}: ${INSTALL_TORCH}`);
  return check.stdout.trim();
}

async function runReference(o: Options): Promise<Side & { torch: string | null; threads: number | null }> {
  const python = (args: string[]) => runLines('reference', o.python, ['-u', '-c', PEAK_RSS_WRAPPER, o.reference, ...args]);
  const common = ['--size', String(o.size), '--unfreeze-from', UNFREEZE_FROM, '--threads', String(o.threads)];
  const recipe = await python(['--data', o.data, '--batch', String(o.batch), '--epochs', String(o.epochs), '--ft-epochs', String(o.ftEpochs), ...common]);
  const throughput = await python(['--throughput', '--batch', String(o.throughputBatch), '--reps', String(o.reps), ...common]);

  const { figures, summary } = peerRecipeFigures(recipe, 'reference');
  const speed = throughput.json.find((l) => l.summary === 'throughput');
  if (!speed) throw new Error('reference: no throughput line (is --reference the PyTorch reference script?)');
  return {
    ...figures,
    forwardImagesPerSecond: num(speed.forward_images_per_second),
    fineTuneStepImagesPerSecond: num(speed.fine_tune_step_images_per_second),
    torch: typeof summary.torch === 'string' ? summary.torch : null,
    threads: num(summary.threads),
  };
}

async function runTransferlab(o: Options): Promise<Side & { fineTuneStepOnCachedPrefixImagesPerSecond: number | null; fineTuneEpoch: FineTuneEpoch | null; engines: Record<string, unknown> }> {
  return trainFineTuneWithCli(o, ['--backbone', 'VGG16', '--unfreeze-from', UNFREEZE_FROM], async (train, env) => {
    const throughput = await runLines('transferlab', process.execPath, [
      TRANSFERLAB_CLI, 'throughput', '--backbone', 'VGG16', '--image-size', String(o.size), '--batch-size', String(o.throughputBatch),
      '--unfreeze-from', UNFREEZE_FROM, '--reps', String(o.reps), '--json',
    ], env);

    const { figures, summary, epochs } = transferlabRecipeFigures(train);
    const speed = throughput.json.at(-1);
    if (!speed) throw new Error('transferlab: no throughput line');
    return {
      ...figures,
      fineTuneEpoch: fineTuneEpoch(epochs, summary, speed, o.throughputBatch),
      forwardImagesPerSecond: roundOrNull(num(speed.forwardImagesPerSecond)),
      fineTuneStepImagesPerSecond: roundOrNull(num(speed.fineTuneStepImagesPerSecond)),
      fineTuneStepOnCachedPrefixImagesPerSecond: roundOrNull(num(speed.fineTuneStepOnCachedPrefixImagesPerSecond)),
      engines: {
        backend: train.stderr.find((l) => l.startsWith('backend: '))?.slice('backend: '.length) ?? null,
        frozen: speed.frozenEngine ?? null,
        training: speed.trainingEngine ?? null,
      },
    };
  });
}

interface FineTuneEpoch {
  trainImages: number;
  valImages: number;
  seconds: number;
  /** Training and validation images over the epoch's wall time. */
  imagesPerSecond: number;
  /** Training images alone over the training part (what each epoch line reports). */
  trainImagesPerSecond: number | null;
  /** The unfrozen convolutions' FLOPs in the epoch (forward and gradients per training image, forward per validation image) per second. */
  convolutionGflops: number;
  /** ONNX Runtime's rate on the same convolutions alone, measured by the throughput run. */
  convolutionRateGflops: number;
  /** The batch that rate was measured at (--throughput-batch). */
  convolutionRateBatch: number;
  fractionOfConvolutionRate: number;
}

/** The fine-tuning epoch against the convolution rate the throughput run measured, or null without the figures. */
function fineTuneEpoch(epochs: Line[], summary: Line, speed: Line, rateBatch: number): FineTuneEpoch | null {
  const lines = epochs.filter((l) => l.phase === 'FINE_TUNE');
  const seconds = fineTuneEpochSeconds(epochs);
  const [trainImages, valImages] = [num(summary.trainCount), num(summary.valCount)];
  const flops = speed.chainGflopPerImage as { forward: number; training: number } | null | undefined;
  const rate = num((speed.convolutionRate as Line | null | undefined)?.gflops);
  if (seconds === null || trainImages === null || valImages === null || !flops || rate === null) return null;
  const convolutionGflops = (trainImages * flops.training + valImages * flops.forward) / seconds;
  return {
    trainImages,
    valImages,
    seconds: round(seconds),
    imagesPerSecond: round((trainImages + valImages) / seconds),
    trainImagesPerSecond: roundOrNull(mean(lines.map((l) => num(l.imagesPerSecond)))),
    convolutionGflops: round(convolutionGflops),
    convolutionRateGflops: round(rate),
    convolutionRateBatch: rateBatch,
    fractionOfConvolutionRate: round(convolutionGflops / rate, 3),
  };
}

/** VGG16 on both sides, the reference first: the recipe, then each side's throughput. */
async function vgg16SideBySide(o: Options) {
  let reference: Awaited<ReturnType<typeof runReference>> | null = null;
  let transferlab: Awaited<ReturnType<typeof runTransferlab>> | null = null;
  if (!o.skipReference) reference = await runReference(o);
  if (!o.skipTransferlab) transferlab = await runTransferlab(o);

  const t = transferlab;
  const r = reference;
  const totalTime = ratio(t?.wallSeconds, r?.wallSeconds);
  const forward = ratio(t?.forwardImagesPerSecond, r?.forwardImagesPerSecond);
  const fineTuneStep = ratio(t?.fineTuneStepImagesPerSecond, r?.fineTuneStepImagesPerSecond);
  const fineTuneEpochFraction = t?.fineTuneEpoch?.fractionOfConvolutionRate ?? null;
  return {
    transferlab,
    reference,
    ratios: {
      // Wall time of each training process, start to exit: what a user waits for (imports included).
      totalTimeTransferlabOverReference: totalTime,
      totalTimeReferenceOverTransferlab: ratio(r?.wallSeconds, t?.wallSeconds),
      trainingSecondsTransferlabOverReference: ratio(t?.totalSeconds, r?.totalSeconds),
      featureExtractionTransferlabOverReference: ratio(t?.phases.featureExtraction.seconds, r?.phases.featureExtraction.seconds),
      featureExtractionReferenceOverTransferlab: ratio(r?.phases.featureExtraction.seconds, t?.phases.featureExtraction.seconds),
      fineTuneTransferlabOverReference: ratio(t?.phases.fineTune.seconds, r?.phases.fineTune.seconds),
      fineTuneEpochTransferlabOverReference: ratio(t?.fineTuneEpochSeconds, r?.fineTuneEpochSeconds),
      fineTuneReferenceOverTransferlab: ratio(r?.phases.fineTune.seconds, t?.phases.fineTune.seconds),
      forwardThroughputTransferlabOverReference: forward,
      fineTuneStepTransferlabOverReference: fineTuneStep,
      peakRssTransferlabOverReference: ratio(t?.peakRssMB, r?.peakRssMB),
    },
    targets: {
      totalTimeAtMostOneThird: target(totalTime, (v) => v <= 1 / 3),
      forwardAtLeast1_5x: target(forward, (v) => v >= 1.5),
      fineTuneStepAtLeastOneThird: target(fineTuneStep, (v) => v >= 1 / 3),
      // Issue 17's: the recipe at a tenth of the reference's time, fine-tuning at 80% of the convolution rate.
      totalTimeAtMostOneTenth: target(totalTime, (v) => v <= 0.1),
      fineTuneEpochAtLeast80PercentOfConvolutionRate: target(fineTuneEpochFraction, (v) => v >= 0.8),
    },
  };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (!o) return;
  const started = new Date().toISOString();
  const machineAtStart = machineFacts();
  if (!o.skipReference) {
    const torch = requireTorch(o.python);
    process.stderr.write(`reference: PyTorch ${torch} (${o.python}, ${o.threads} threads)\n`);
  }
  const vgg16 = o.backbones.includes('vgg16') ? await vgg16SideBySide(o) : null;
  const mobilenetV2: MobilenetSideBySide | null = o.backbones.includes('mobilenet_v2') ? await mobilenetSideBySide(o) : null;
  const result = {
    bench: 'pytorch-side-by-side',
    started,
    machine: { ...machineAtStart, loadAverageAtEnd: loadAverage() },
    config: {
      // Each side makes its own seeded 80/20 split of a flat folder, so the validation images may differ.
      data: o.data,
      backbones: o.backbones,
      size: o.size,
      batch: o.batch,
      epochs: o.epochs,
      ftEpochs: o.ftEpochs,
      unfreezeFrom: { vgg16: UNFREEZE_FROM, mobilenet_v2: MOBILENET_UNFREEZE_FROM },
      weights: 'random',
      throughputBatch: o.throughputBatch,
      reps: o.reps,
      earlyStopping: false,
      reduceLearningRate: false,
      classWeight: 'none',
    },
    // VGG16's sides stay at the top, where the figures have always been.
    transferlab: vgg16?.transferlab ?? null,
    reference: vgg16?.reference ?? null,
    ratios: vgg16?.ratios ?? null,
    targets: vgg16?.targets ?? null,
    mobilenetV2,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:pytorch: ${errorMessage(error)}\n`);
  process.exitCode = 1;
});
