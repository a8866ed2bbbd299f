import * as tf from '@tensorflow/tfjs';
import { BACKBONES } from './backbones';
import { decodeImage } from './data/decode-image';
import { preprocess } from './preprocessing';
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
    const vectors: number[][] = [];
    for (let start = 0; start < images.length; start += batchSize) {
      const pixels = await Promise.all(images.slice(start, start + batchSize).map((b) => decodeImage(Buffer.from(b), { size: options.imageSize })));
      const pooled = tf.tidy(() => {
        const data = new Float32Array(pixels.length * pixels[0]!.length);
        pixels.forEach((p, i) => data.set(p, i * p.length));
        const x = tf.tensor4d(data, [pixels.length, options.imageSize, options.imageSize, 3]);
        return tf.mean(backbone.predict(preprocess(x, spec.preprocessing)) as tf.Tensor4D, [1, 2]);
      });
      vectors.push(...((await pooled.array()) as number[][]));
      pooled.dispose();
    }
    return { vectors, weights: { kind: weights.kind, hash: weights.hash } };
  } finally {
    for (const w of backbone.weights) w.dispose();
  }
}
