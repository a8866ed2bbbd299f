import { BACKBONES } from './backbones';
import { decodeImage } from './data/decode-image';
import { createFrozenNetwork, runFrozenRows } from './onnx/frozen-network';
import type { BackboneName } from './types';
import { loadBackboneWeights, type WeightsSource } from './weights';

export interface EmbedOptions {
  backbone: BackboneName;
  alpha?: number;
  imageSize: number;
  weights: WeightsSource;
  cacheDir: string;
  baseUrl?: string;
  batchSize?: number;
  /** Images declaring more pixels are refused from their header (decodeImage's default: 40 MP). */
  maxInputPixels?: number;
}

/**
 * The pooled backbone features (global average of the last feature map) for each image:
 * what the feature-extraction head sees, for search, clustering or a classifier elsewhere.
 */
export async function embedImages(images: Uint8Array[], options: EmbedOptions): Promise<{ vectors: number[][]; weights: { kind: string; hash: string } }> {
  const spec = BACKBONES[options.backbone];
  const backbone = spec.build({ imageSize: options.imageSize, alpha: options.alpha });
  try {
    const weights = await loadBackboneWeights(backbone, {
      backbone: options.backbone,
      alpha: options.alpha,
      imageSize: options.imageSize,
      source: options.weights,
      cacheDir: options.cacheDir,
      baseUrl: options.baseUrl,
    });
    const batchSize = options.batchSize ?? 8;
    const network = await createFrozenNetwork(backbone, { preprocessing: spec.preprocessing, pooled: true });
    const vectors: number[][] = [];
    try {
      // Decode a batch at a time so memory stays bounded by the batch, not the request.
      for (let start = 0; start < images.length; start += batchSize) {
        const pixels = await Promise.all(images.slice(start, start + batchSize).map((b) => decodeImage(Buffer.from(b), { size: options.imageSize, maxInputPixels: options.maxInputPixels })));
        vectors.push(...(await runFrozenRows(network, pixels, batchSize)).map((row) => [...row]));
      }
    } finally {
      await network.dispose();
    }
    return { vectors, weights: { kind: weights.kind, hash: weights.hash } };
  } finally {
    for (const w of backbone.weights) w.dispose();
  }
}
