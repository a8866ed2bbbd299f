import { backbone as backboneEnum, type Backbone } from '@transferlab/db/schema';
import type { ClassMetric } from '@transferlab/db/schema';
import { z } from 'zod';
import { badInput } from '../errors';

// The parts of ml-core's ModelMetadata (model-files/metadata.ts) that become columns of the model
// row; the rest of the file is kept as it is in `models.metadata`.
const classMetricSchema = z.object({
  name: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int().min(0),
});

const metadataSchema = z.looseObject({
  classes: z.array(z.string().min(1)).min(2, 'must name at least two classes'),
  imageSize: z.number().int().min(1),
  backbone: z.enum(backboneEnum.enumValues).nullable(),
  metrics: z.looseObject({ valAccuracy: z.number().min(0).max(1).nullable() }),
  evaluation: z
    .looseObject({
      confusionMatrix: z.array(z.array(z.number().int().min(0))),
      classMetrics: z.array(classMetricSchema),
    })
    .nullable(),
});

export interface ModelSummary {
  classes: string[];
  imageSize: number;
  backbone: Backbone | null;
  valAccuracy: number | null;
  confusionMatrix: number[][];
  classMetrics: ClassMetric[];
  metadata: Record<string, unknown>;
}

/**
 * Reads a trainer's metadata.json into what the model row stores. Refuses a file that is not
 * ml-core's metadata, or whose evaluation does not match its classes, so a broken upload never
 * becomes a model version that cannot be used.
 */
export function parseModelMetadata(bytes: Uint8Array): ModelSummary {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw badInput('metadata.json is not valid JSON. Upload the metadata.json that ml-core saved beside the model.');
  }
  const parsed = metadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
    throw badInput(`metadata.json is not a TransferLab model's metadata (${problems}). Upload the metadata.json that ml-core saved beside the model.`);
  }
  const { classes, imageSize, backbone, metrics, evaluation } = parsed.data;
  const confusionMatrix = evaluation?.confusionMatrix ?? [];
  const k = classes.length;
  if (evaluation && (confusionMatrix.length !== k || confusionMatrix.some((row) => row.length !== k))) {
    throw badInput(`metadata.json's evaluation.confusionMatrix must be ${k}×${k}, one row and column per class.`);
  }
  const unknown = (evaluation?.classMetrics ?? []).find((metric) => !classes.includes(metric.name));
  if (unknown) throw badInput(`metadata.json's evaluation.classMetrics names "${unknown.name}", which is not one of its classes.`);
  return {
    classes,
    imageSize,
    backbone,
    valAccuracy: metrics.valAccuracy,
    confusionMatrix,
    classMetrics: evaluation?.classMetrics ?? [],
    metadata: parsed.data,
  };
}

/** A TensorFlow.js layers model.json names its topology and weight files; anything else is refused. */
export function checkModelJson(bytes: Uint8Array): void {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw badInput('model.json is not valid JSON. Upload the model.json that ml-core saved.');
  }
  const model = json as { modelTopology?: unknown; weightsManifest?: unknown } | null;
  if (typeof model !== 'object' || model === null || typeof model.modelTopology !== 'object' || !Array.isArray(model.weightsManifest)) {
    throw badInput('model.json is not a TensorFlow.js layers model (it needs `modelTopology` and `weightsManifest`). Upload the model.json that ml-core saved.');
  }
}
