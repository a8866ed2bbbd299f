import type * as tf from '@tensorflow/tfjs';
import { BACKBONES, findLayerIndex } from '../backbones';
import { ConfigError, type TrainConfig } from '../config';
import { splitModelAt } from '../model/split-model';
import { buildTransferClassifier, type TransferClassifier } from '../model/transfer-classifier';
import type { PreprocessingMode } from '../types';
import { loadBackboneWeights, type WeightsSource } from '../weights';

export interface FineTuneCut {
  /** The first unfrozen layer. */
  name: string;
  /** The frozen layers before it. */
  prefix: tf.LayersModel;
  /** It and every layer after it. */
  suffix: tf.LayersModel;
}

/** A backbone with its weights loaded and a new head on it, plus where fine-tuning will cut it. */
export interface TransferModel {
  backbone: tf.LayersModel;
  classifier: TransferClassifier;
  preprocessing: PreprocessingMode;
  weights: { kind: string; hash: string };
  /** Null unless the strategy is FINE_TUNE. */
  fineTuneCut: FineTuneCut | null;
}

export interface WeightsOptions {
  source?: WeightsSource;
  cacheDir: string;
  baseUrl?: string;
}

/** The transfer strategies' network: the backbone (its weights loaded) under a new classification head. */
export async function buildTransferModel(config: TrainConfig, numClasses: number, weights: WeightsOptions | undefined, log: (m: string) => void): Promise<TransferModel> {
  const spec = BACKBONES[config.backbone];
  const alpha = config.backbone === 'MOBILENET_V2' ? config.alpha : undefined;
  const backbone = spec.build({ imageSize: config.imageSize, alpha, seed: config.seed });
  // Check where fine-tuning will start before anything slow happens (weights, features).
  const fineTuneCut = config.strategy === 'FINE_TUNE' ? resolveFineTuneCut(backbone, config.unfreezeFrom ?? spec.defaultUnfreezeFrom) : null;
  const loaded = await loadBackboneWeights(backbone, {
    backbone: config.backbone,
    alpha,
    imageSize: config.imageSize,
    source: weights?.source ?? (config.pretrained ? 'imagenet' : 'none'),
    cacheDir: weights?.cacheDir ?? '.data/weights',
    baseUrl: weights?.baseUrl,
    onProgress: (p: unknown) => log(`downloading weights: ${JSON.stringify(p)}`),
  });
  log(`backbone ${config.backbone} (${describeWeights(loaded)})`);
  const classifier = buildTransferClassifier({ backbone, numClasses, dropout: config.dropout, seed: config.seed });
  return { backbone, classifier, preprocessing: spec.preprocessing, weights: { kind: loaded.kind, hash: loaded.hash }, fineTuneCut };
}

/** Where FINE_TUNE unfreezes the backbone, split there; a name that cannot work is a config error. */
function resolveFineTuneCut(backbone: tf.LayersModel, layerOrBlock: string): FineTuneCut {
  try {
    const name = backbone.layers[findLayerIndex(backbone, layerOrBlock)]!.name;
    return { name, ...splitModelAt(backbone, name) };
  } catch (error) {
    throw new ConfigError([{ field: 'unfreezeFrom', message: `cannot be '${layerOrBlock}': ${(error as Error).message}` }]);
  }
}

function describeWeights(w: { kind: string; hash: string; path?: string }): string {
  return w.kind === 'none' ? 'random weights' : `${w.kind} weights ${w.path ?? ''} sha256 ${w.hash.slice(0, 12)}`;
}
