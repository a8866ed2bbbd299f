// The recipe with MobileNetV2 (alpha 1.0, fine-tuned from Keras's block_13) on both sides:
// TransferLab's `train` CLI and torchvision's MobileNetV2 trained plainly in PyTorch
// (pytorch_mobilenet_v2.py beside this file), one after the other on the same folder and settings.
// Both sides train and freeze the same backbone weights; the figures say so.
import { join } from 'node:path';
import { CONFIG_BOUNDS } from '@transferlab/run-config';
import { runLines, trainFineTuneWithCli } from './run-lines';
import { PEAK_RSS_WRAPPER, peerRecipeFigures, ratio, target, transferlabRecipeFigures, type RecipeFigures } from './side-figures';

const MOBILENET_PEER = join(import.meta.dirname, 'pytorch_mobilenet_v2.py');
/** Keras's block_13 (torchvision's features[14]): the peer hard-codes the same cut. */
export const MOBILENET_UNFREEZE_FROM = 'block_13';

export interface MobilenetOptions {
  data: string;
  size: number;
  batch: number;
  epochs: number;
  ftEpochs: number;
  threads: number;
  python: string;
  skipReference: boolean;
  skipTransferlab: boolean;
}

/** The backbone weights fine-tuning trains and the ones it keeps frozen (batch-norm statistics aside). */
export interface FineTuneWeights {
  trained: number;
  frozen: number;
}

export interface MobilenetSideBySide {
  transferlab: (RecipeFigures & { fineTuneWeights: FineTuneWeights }) | null;
  torchvision: (RecipeFigures & { fineTuneWeights: FineTuneWeights; torch: string | null }) | null;
  ratios: {
    totalTimeTransferlabOverTorchvision: number | null;
    fineTuneEpochTransferlabOverTorchvision: number | null;
    featureExtractionTransferlabOverTorchvision: number | null;
  };
  targets: { fineTuneEpochNoSlowerThanTorchvision: { met: boolean | null; value: number | null }; sameFineTuneWeights: boolean | null };
}

// TransferLab's defaults, so both sides learn at the same rates and drop the same fraction.
const LEARNING_RATE = CONFIG_BOUNDS.learningRate.default;
const FINE_TUNE_LEARNING_RATE = CONFIG_BOUNDS.fineTuneLearningRate.default;
const DROPOUT = CONFIG_BOUNDS.dropout.default;

export async function mobilenetSideBySide(o: MobilenetOptions): Promise<MobilenetSideBySide> {
  const torchvision = o.skipReference ? null : await runTorchvision(o);
  const transferlab = o.skipTransferlab ? null : await runTransferlab(o);
  const fineTuneEpoch = ratio(transferlab?.fineTuneEpochSeconds, torchvision?.fineTuneEpochSeconds);
  return {
    transferlab,
    torchvision,
    ratios: {
      totalTimeTransferlabOverTorchvision: ratio(transferlab?.wallSeconds, torchvision?.wallSeconds),
      fineTuneEpochTransferlabOverTorchvision: fineTuneEpoch,
      featureExtractionTransferlabOverTorchvision: ratio(transferlab?.phases.featureExtraction.seconds, torchvision?.phases.featureExtraction.seconds),
    },
    targets: {
      // Issue 17's: a MobileNetV2 fine-tuning epoch no slower than torchvision's.
      fineTuneEpochNoSlowerThanTorchvision: target(fineTuneEpoch, (v) => v <= 1),
      sameFineTuneWeights:
        transferlab && torchvision
          ? transferlab.fineTuneWeights.trained === torchvision.fineTuneWeights.trained && transferlab.fineTuneWeights.frozen === torchvision.fineTuneWeights.frozen
          : null,
    },
  };
}

async function runTorchvision(o: MobilenetOptions) {
  const recipe = await runLines('torchvision', o.python, [
    '-u', '-c', PEAK_RSS_WRAPPER, MOBILENET_PEER, '--data', o.data, '--size', String(o.size), '--batch', String(o.batch),
    '--epochs', String(o.epochs), '--ft-epochs', String(o.ftEpochs), '--lr', String(LEARNING_RATE), '--ft-lr', String(FINE_TUNE_LEARNING_RATE),
    '--dropout', String(DROPOUT), '--threads', String(o.threads),
  ]);
  const { figures, summary } = peerRecipeFigures(recipe, 'torchvision');
  return {
    ...figures,
    fineTuneWeights: { trained: Number(summary.fine_tune_trained_weights), frozen: Number(summary.fine_tune_frozen_weights) },
    torch: typeof summary.torch === 'string' ? summary.torch : null,
  };
}

async function runTransferlab(o: MobilenetOptions) {
  const flags = ['--backbone', 'MOBILENET_V2', '--alpha', '1', '--unfreeze-from', MOBILENET_UNFREEZE_FROM];
  const rates = ['--learning-rate', String(LEARNING_RATE), '--fine-tune-learning-rate', String(FINE_TUNE_LEARNING_RATE), '--dropout', String(DROPOUT)];
  return trainFineTuneWithCli(o, [...flags, ...rates], async (train) => ({ ...transferlabRecipeFigures(train).figures, fineTuneWeights: await transferlabFineTuneWeights(o.size) }));
}

/** Counts what TransferLab's fine-tuning trains in MobileNetV2, as ml-core builds and cuts it. */
export async function transferlabFineTuneWeights(imageSize: number): Promise<FineTuneWeights> {
  // Loaded here, not at the top: the VGG16-only bench never needs TensorFlow.js in this process.
  const { buildBackbone, selectBackend, unfreezeFrom } = await import('@transferlab/ml-core');
  await selectBackend();
  const backbone = buildBackbone('MOBILENET_V2', { imageSize, alpha: 1 });
  // A weight's shape is always whole (null marks only a batch dimension, which weights have not).
  const count = (weights: { shape: (number | null)[] }[]) => weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * b!, 1), 0);
  try {
    const all = count(backbone.trainableWeights);
    unfreezeFrom(backbone, MOBILENET_UNFREEZE_FROM);
    const trained = count(backbone.trainableWeights);
    return { trained, frozen: all - trained };
  } finally {
    backbone.dispose();
  }
}
