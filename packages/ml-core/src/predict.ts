import { decodeImage } from './data/decode-image';
import { rankClasses } from './evaluation/metrics';
import type { LoadedModel } from './model-files/load-model';
import { createFrozenNetwork, runFrozenRows, type FrozenNetwork } from './onnx/frozen-network';

export interface Prediction {
  label: string;
  probability: number;
}

/**
 * Top-k predictions for encoded images (JPEG, PNG, GIF, WebP, BMP bytes), decoded and
 * preprocessed exactly as at training time. Throws ImageDecodeError for a bad image.
 */
export async function predictImages(loaded: LoadedModel, images: Uint8Array[], options: { topK?: number; batchSize?: number; maxInputPixels?: number } = {}): Promise<Prediction[][]> {
  const { metadata } = loaded;
  const topK = Math.max(1, Math.min(options.topK ?? 5, metadata.classes.length));
  const batchSize = options.batchSize ?? 16;
  const pixels = await Promise.all(images.map((bytes) => decodeImage(Buffer.from(bytes), { size: metadata.imageSize, maxInputPixels: options.maxInputPixels })));
  const rows = await predictedProbabilities(loaded, pixels, batchSize);
  return rows.map((row) => rankClasses(row).slice(0, topK).map((c) => ({ label: metadata.classes[c]!, probability: row[c]! })));
}

/** Class probabilities for decoded images (RGB, the model's size), one row each. */
export async function predictedProbabilities(loaded: LoadedModel, pixels: Uint8Array[], batchSize: number): Promise<Float32Array[]> {
  return runFrozenRows(await networkFor(loaded), pixels, batchSize);
}

// A served model's weights never change: convert it once (ONNX Runtime where it runs) and keep
// the session with the loaded model until `releaseModel`.
const networks = new WeakMap<LoadedModel, Promise<FrozenNetwork>>();

function networkFor(loaded: LoadedModel): Promise<FrozenNetwork> {
  let network = networks.get(loaded);
  if (!network) {
    network = createFrozenNetwork(loaded.model, { preprocessing: loaded.metadata.preprocessing });
    networks.set(loaded, network);
    // A failed conversion is not kept, so the next call tries again.
    network.catch(() => networks.delete(loaded));
  }
  return network;
}

/** Frees a loaded model: its TensorFlow.js weights and any session `predictImages` made for it. */
export async function releaseModel(loaded: LoadedModel): Promise<void> {
  const network = networks.get(loaded);
  networks.delete(loaded);
  loaded.model.dispose();
  await (await network?.catch(() => undefined))?.dispose();
}
