import { backbone as backboneEnum, type Backbone } from '@transferlab/db/schema';
import type { ClassMetric } from '@transferlab/db/schema';
import { z } from 'zod';
import { badInput } from '../errors';
import { featureCacheUseSchema } from './feature-cache-use';
import { parseUploadedJson } from './uploaded-json';
import { checkEvaluationClasses, evaluationSchema, phaseBestsSchema, validationEvaluationSchema } from './model-evaluations';

// The parts of ml-core's ModelMetadata (model-files/metadata.ts) that become columns of the model
// row, or that the API serves (the test split's evaluation, each phase's best, the feature cache's use); the rest of the
// file is kept as it is in `models.metadata`.
const metadataSchema = z.looseObject({
  classes: z.array(z.string().min(1)).min(2, 'must name at least two classes'),
  imageSize: z.number().int().min(1),
  backbone: z.enum(backboneEnum.enumValues).nullable(),
  metrics: z.looseObject({ valAccuracy: z.number().min(0).max(1).nullable(), phases: phaseBestsSchema.optional() }),
  evaluation: validationEvaluationSchema.nullable(),
  testEvaluation: evaluationSchema.nullish(),
  featureCache: featureCacheUseSchema.nullish(),
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
  const data = parseUploadedJson(bytes, 'metadata.json', "a TransferLab model's metadata", metadataSchema);
  const { classes, imageSize, backbone, metrics, evaluation, testEvaluation } = data;
  checkEvaluationClasses('evaluation', evaluation, classes);
  checkEvaluationClasses('testEvaluation', testEvaluation, classes);
  return {
    classes,
    imageSize,
    backbone,
    valAccuracy: metrics.valAccuracy,
    confusionMatrix: evaluation?.confusionMatrix ?? [],
    classMetrics: evaluation?.classMetrics ?? [],
    metadata: data,
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
