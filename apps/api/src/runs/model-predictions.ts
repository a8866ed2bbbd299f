import { MAX_PREDICTIONS, PREDICTION_TOP_K, PREDICTIONS_FORMAT, type ImagePrediction } from '@transferlab/ml-core/prediction-format';
import { modelPredictions } from '@transferlab/db/schema';
import { z } from 'zod';
import type { DbExecutor } from '@transferlab/db';
import { badInput } from '../errors';
import type { ModelSummary } from './model-metadata';
import { parseUploadedJson } from './uploaded-json';

// About 300 bytes a record as ml-core writes them: room for MAX_PREDICTIONS with long class names.
export const MAX_PREDICTIONS_BYTES = MAX_PREDICTIONS * 1024;

const SHA256 = /^[0-9a-f]{64}$/;
const predictionSchema = z.object({
  sha256: z.string().regex(SHA256, 'must be a hex SHA-256'),
  split: z.enum(['val', 'test']),
  trueClass: z.string(),
  predictedClass: z.string(),
  loss: z.number().min(0),
  topK: z
    .array(z.object({ className: z.string(), probability: z.number().min(0).max(1) }))
    .min(1)
    .max(PREDICTION_TOP_K, `must hold at most ${PREDICTION_TOP_K} classes`),
});
const predictionsSchema = z.object({
  format: z.literal(PREDICTIONS_FORMAT),
  images: z.array(predictionSchema).max(MAX_PREDICTIONS, `must hold at most ${MAX_PREDICTIONS} images`),
});

/**
 * Reads a trainer's predictions.json for the model `summary` describes. Refuses records naming a
 * class the model does not have, and more records in a split than the model's evaluation of it
 * counted: predictions are of the evaluated images, never more.
 */
export function parsePredictions(bytes: Uint8Array, summary: Pick<ModelSummary, 'classes' | 'confusionMatrix' | 'metadata'>): ImagePrediction[] {
  if (bytes.byteLength > MAX_PREDICTIONS_BYTES) throw badInput(`predictions.json is ${bytes.byteLength} bytes: at most ${MAX_PREDICTIONS_BYTES} are accepted.`);
  const { images } = parseUploadedJson(bytes, 'predictions.json', "a TransferLab model's predictions", predictionsSchema);
  const known = new Set(summary.classes);
  for (const [i, image] of images.entries()) {
    const names = [image.trueClass, image.predictedClass, ...image.topK.map((t) => t.className)];
    const unknown = names.find((name) => !known.has(name));
    if (unknown !== undefined) throw badInput(`predictions.json images.${i}: class "${unknown}" is not one of the model's classes (${summary.classes.join(', ')}).`);
  }
  const evaluated = { val: cellSum(summary.confusionMatrix), test: cellSum(testMatrix(summary.metadata)) };
  for (const split of ['val', 'test'] as const) {
    const records = images.filter((image) => image.split === split);
    if (records.length > evaluated[split]) throw badInput(`predictions.json has ${records.length} ${split} images: the model's evaluation counted ${evaluated[split]}.`);
    if (new Set(records.map((r) => r.sha256)).size !== records.length) throw badInput(`predictions.json names a ${split} image twice.`);
  }
  return images;
}

const cellSum = (matrix: number[][]) => matrix.reduce((sum, row) => sum + row.reduce((s, v) => s + v, 0), 0);

function testMatrix(metadata: Record<string, unknown>): number[][] {
  const test = metadata.testEvaluation as { confusionMatrix?: number[][] } | null | undefined;
  return test?.confusionMatrix ?? [];
}

// Postgres takes at most 65535 parameters a statement; 7 columns a row.
const INSERT_CHUNK = 5000;

/** Writes a model's predictions as rows of model_predictions (in the caller's transaction). */
export async function storePredictions(tx: DbExecutor, modelId: string, images: ImagePrediction[]): Promise<void> {
  for (let start = 0; start < images.length; start += INSERT_CHUNK) {
    const rows = images.slice(start, start + INSERT_CHUNK).map((image) => ({
      modelId,
      imageSha256: image.sha256,
      split: image.split,
      trueClass: image.trueClass,
      predictedClass: image.predictedClass,
      loss: image.loss,
      topK: image.topK,
    }));
    await tx.insert(modelPredictions).values(rows);
  }
}
