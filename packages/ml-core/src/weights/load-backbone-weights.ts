import { resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { BackboneName } from '../types';
import type { DownloadProgress } from './download';
import { WeightsError } from './errors';
import { ensureImagenetWeights } from './imagenet';
import { loadKerasH5Weights } from './keras-h5';
import { loadTfjsLayersWeights } from './tfjs-weights';

/**
 * Where a backbone's starting weights come from: Keras's ImageNet weights (downloaded once into the
 * cache), none (random initialisation), or a local file: a Keras `.h5`/`.hdf5` or a TensorFlow.js `model.json`.
 */
export type WeightsSource = 'imagenet' | 'none' | { path: string };

export interface LoadBackboneWeightsOptions {
  backbone: BackboneName;
  /** MobileNetV2 width multiplier (default 1.0); picks the ImageNet file. */
  alpha?: number;
  /** Input height/width; picks the MobileNetV2 ImageNet file. */
  imageSize?: number;
  source: WeightsSource;
  /** Folder for downloaded ImageNet weights. */
  cacheDir: string;
  /** Replaces the keras-applications base URL (a mirror). */
  baseUrl?: string;
  onProgress?: (progress: DownloadProgress) => void;
  fetch?: typeof fetch;
  timeoutMs?: number;
  idleTimeoutMs?: number;
}

export interface BackboneWeightsInfo {
  kind: 'imagenet' | 'h5' | 'tfjs' | 'none';
  /** sha256 of the weights loaded, or 'random' for `none`. */
  hash: string;
  path?: string;
}

export function weightsFileKind(path: string): 'h5' | 'tfjs' | undefined {
  if (/\.(h5|hdf5)$/i.test(path)) return 'h5';
  if (/model\.json$/i.test(path)) return 'tfjs';
  return undefined;
}

/** Puts the chosen starting weights into a backbone built with Keras layer names. */
export async function loadBackboneWeights(model: tf.LayersModel, options: LoadBackboneWeightsOptions): Promise<BackboneWeightsInfo> {
  const { source } = options;
  if (source === 'none') return { kind: 'none', hash: 'random' };
  if (source === 'imagenet') {
    const file = await ensureImagenetWeights({
      backbone: options.backbone,
      alpha: options.alpha,
      imageSize: options.imageSize,
      cacheDir: options.cacheDir,
      baseUrl: options.baseUrl,
      onProgress: options.onProgress,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
    });
    const { sha256 } = await loadKerasH5Weights(model, file.path);
    return { kind: 'imagenet', hash: sha256, path: file.path };
  }
  const path = resolve(source.path);
  const kind = weightsFileKind(path);
  if (kind === 'h5') return { kind, hash: (await loadKerasH5Weights(model, path)).sha256, path };
  if (kind === 'tfjs') return { kind, hash: (await loadTfjsLayersWeights(model, path)).sha256, path };
  throw new WeightsError(
    'WEIGHTS_UNSUPPORTED',
    `Cannot tell what kind of weights file ${path} is: pass a Keras weights file ending in .h5 or .hdf5, ` +
      "or a TensorFlow.js model.json, or use weights 'imagenet' or 'none'.",
    { file: path },
  );
}
