import { z } from 'zod';
import { badInput } from '../errors';

// The evaluation parts of ml-core's ModelMetadata (model-files/metadata.ts) that the API serves:
// checked when a trainer uploads metadata.json, read back from the stored file by the Model resolvers.

export const classMetricSchema = z.object({
  name: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int().min(0),
});

const confusionMatrixSchema = z.array(z.array(z.number().int().min(0)));

/** The validation split's evaluation, as older trainers wrote it too (accuracy and count unchecked). */
export const validationEvaluationSchema = z.looseObject({ confusionMatrix: confusionMatrixSchema, classMetrics: z.array(classMetricSchema) });

/** An evaluation the API serves whole (`Evaluation` in extensions.graphql). */
export const evaluationSchema = z.looseObject({
  accuracy: z.number().min(0).max(1),
  count: z.number().int().min(0),
  confusionMatrix: confusionMatrixSchema,
  classMetrics: z.array(classMetricSchema),
});
export type ServedEvaluation = z.infer<typeof evaluationSchema>;

const PHASES = ['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE'] as const;

/** One phase's own best (ml-core's PhaseSummary); a run has at most one entry per phase. */
export const phaseBestsSchema = z
  .array(
    z.looseObject({
      phase: z.enum(PHASES),
      bestEpoch: z.number().int().min(1).nullable(),
      valLoss: z.number().nullable(),
      valAccuracy: z.number().min(0).max(1).nullable(),
      epochsRun: z.number().int().min(0),
      stoppedEarly: z.boolean(),
    }),
  )
  .max(PHASES.length);
export type PhaseBest = z.infer<typeof phaseBestsSchema>[number];

/** Refuses an evaluation whose matrix or class metrics do not match the model's classes, naming the field. */
export function checkEvaluationClasses(field: string, evaluation: z.infer<typeof validationEvaluationSchema> | null | undefined, classes: string[]): void {
  if (!evaluation) return;
  const k = classes.length;
  const matrix = evaluation.confusionMatrix;
  if (matrix.length !== k || matrix.some((row) => row.length !== k)) {
    throw badInput(`metadata.json's ${field}.confusionMatrix must be ${k}×${k}, one row and column per class.`);
  }
  const unknown = evaluation.classMetrics.find((metric) => !classes.includes(metric.name));
  if (unknown) throw badInput(`metadata.json's ${field}.classMetrics names "${unknown.name}", which is not one of its classes.`);
}

/** The stored metadata's test-split evaluation; null for models without one (no test split, or saved before there was one). */
export function testEvaluationOf(metadata: Record<string, unknown>): ServedEvaluation | null {
  const parsed = evaluationSchema.safeParse(metadata.testEvaluation);
  return parsed.success ? parsed.data : null;
}

/** The stored metadata's per-phase bests; empty for models saved before they were recorded. */
export function phaseBestsOf(metadata: Record<string, unknown>): PhaseBest[] {
  const parsed = phaseBestsSchema.safeParse((metadata.metrics as { phases?: unknown } | undefined)?.phases);
  return parsed.success ? parsed.data : [];
}
