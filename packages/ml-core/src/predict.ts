import * as tf from '@tensorflow/tfjs';
import { decodeImage } from './data/decode-image';
import { rankClasses } from './evaluation/metrics';
import type { LoadedModel } from './model-files/load-model';
import { preprocess } from './preprocessing';

export interface Prediction {
  label: string;
  probability: number;
}

/**
 * Top-k predictions for encoded images (JPEG, PNG, GIF, WebP, BMP bytes), decoded and
 * preprocessed exactly as at training time. Throws ImageDecodeError for a bad image.
 */
export async function predictImages(loaded: LoadedModel, images: Uint8Array[], options: { topK?: number; batchSize?: number } = {}): Promise<Prediction[][]> {
  const { model, metadata } = loaded;
  const topK = Math.max(1, Math.min(options.topK ?? 5, metadata.classes.length));
  const batchSize = options.batchSize ?? 16;
  const pixels = await Promise.all(images.map((bytes) => decodeImage(Buffer.from(bytes), { size: metadata.imageSize })));
  const results: Prediction[][] = [];
  for (let start = 0; start < pixels.length; start += batchSize) {
    const batch = pixels.slice(start, start + batchSize);
    const probs = tf.tidy(() => {
      const x = tf.tensor4d(concat(batch), [batch.length, metadata.imageSize, metadata.imageSize, 3], 'float32');
      return model.predict(preprocess(x, metadata.preprocessing)) as tf.Tensor2D;
    });
    const rows = (await probs.array()) as number[][];
    probs.dispose();
    for (const row of rows) {
      results.push(rankClasses(row).slice(0, topK).map((c) => ({ label: metadata.classes[c]!, probability: row[c]! })));
    }
  }
  return results;
}

function concat(arrays: Uint8Array[]): Float32Array {
  const size = arrays[0]?.length ?? 0;
  const out = new Float32Array(arrays.length * size);
  arrays.forEach((a, i) => out.set(a, i * size));
  return out;
}
