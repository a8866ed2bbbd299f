import { BACKBONES } from '../backbones';
import type { BackboneName } from '../types';
import { WeightsError } from './errors';
import { loadKerasH5Weights } from './keras-h5';
import { writeKerasH5Weights } from './keras-h5-writer';
import { loadTfjsLayersWeights } from './tfjs-weights';

export interface CheckBackboneWeightsOptions {
  backbone: BackboneName;
  /** The width multiplier, for backbones that have one (MobileNetV2); leave it out for the others. */
  alpha?: number | undefined;
  /** A Keras `.h5` weights file, or a TensorFlow.js `model.json` with its shards beside it. */
  path: string;
  format: 'h5' | 'tfjs';
  /** Also write the loaded weights here as a Keras HDF5 file (one file a trainer can load). */
  writeH5To?: string;
}

export interface CheckedBackboneWeights {
  /** Weighted layers filled. */
  layers: number;
  /** sha256 of the file written to `writeH5To`, else of what was read. */
  sha256: string;
}

/**
 * Loads weights into a freshly built backbone by layer name, so a file that does not fit is refused
 * with the first mismatching layer named (WeightsError WEIGHTS_MISMATCH) before anyone trains on it.
 * The weights of a backbone do not depend on its input size, so it is built at its smallest.
 */
export async function checkBackboneWeights({ backbone, alpha, path, format, writeH5To }: CheckBackboneWeightsOptions): Promise<CheckedBackboneWeights> {
  const spec = BACKBONES[backbone];
  let model;
  try {
    model = spec.build({ imageSize: Math.max(spec.minImageSize, 32), ...(alpha !== undefined && { alpha }) });
  } catch (cause) {
    throw new WeightsError('WEIGHTS_UNSUPPORTED', `Cannot build ${backbone}${alpha === undefined ? '' : ` with alpha ${alpha}`}: ${(cause as Error).message}`, { cause });
  }
  try {
    const loaded = format === 'h5' ? await loadKerasH5Weights(model, path) : await loadTfjsLayersWeights(model, path);
    if (!writeH5To) return loaded;
    const written = await writeKerasH5Weights(model, writeH5To, { layout: 'keras2' });
    return { layers: loaded.layers, sha256: written.sha256 };
  } finally {
    for (const variable of new Set(model.weights)) variable.dispose();
  }
}
