import { z } from 'zod';
import type { StartRunInput } from '@/generated/graphql';
import type { RunFormValues } from './form-values';

// The same limits ml-core's trainConfigSchema applies on the server; checked here first so a
// mistake is shown beside its field before anything is sent. The server's verdict still wins.
const num = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .transform(Number)
    .refine((n) => Number.isFinite(n), `${label} must be a number`);
const int = (label: string, min: number, max: number) =>
  num(label)
    .refine((n) => Number.isInteger(n), `${label} must be a whole number`)
    .refine((n) => n >= min, `${label} must be at least ${min}`)
    .refine((n) => n <= max, `${label} must be at most ${max}`);
const range = (label: string, min: number, max: number, { minExclusive = false, maxExclusive = false } = {}) =>
  num(label)
    .refine((n) => (minExclusive ? n > min : n >= min), `${label} must be ${minExclusive ? 'above' : 'at least'} ${min}`)
    .refine((n) => (maxExclusive ? n < max : n <= max), `${label} must be ${maxExclusive ? 'below' : 'at most'} ${max}`);
const optional = <T extends z.ZodType>(schema: T) => z.union([z.string().trim().length(0).transform(() => undefined), schema]);

const schema = z.object({
  datasetId: z.string().min(1, 'Choose a dataset'),
  name: z.string().trim().max(200, 'Name must be at most 200 characters'),
  imageSize: int('Image size', 32, 1024),
  batchSize: int('Batch size', 1, 1024),
  epochs: int('Epochs', 1, 1000),
  fineTuneEpochs: int('Fine-tune epochs', 0, 1000),
  learningRate: range('Learning rate', 0, 1, { minExclusive: true }),
  fineTuneLearningRate: range('Fine-tune learning rate', 0, 1, { minExclusive: true }),
  dropout: range('Dropout', 0, 1, { maxExclusive: true }),
  rotationDegrees: range('Rotation', 0, 180),
  zoom: range('Zoom', 0, 0.9, { maxExclusive: true }),
  brightness: range('Brightness', 0, 1),
  contrast: range('Contrast', 0, 0.9, { maxExclusive: true }),
  earlyStoppingPatience: optional(int('Early-stopping patience', 1, 1000)),
  validationSplit: range('Validation split', 0, 0.9, { minExclusive: true }),
  seed: optional(int('Seed', 0, 2 ** 31 - 1)),
});

export type FieldErrors = Partial<Record<string, string>>;

/** Field names of the form keyed by the server's `fields` paths (`augmentation.zoom` → `zoom`). */
export function formFieldOf(serverPath: string): string {
  return serverPath.startsWith('augmentation.') ? serverPath.slice('augmentation.'.length) : serverPath;
}

/** The form as a StartRunInput, or the message for each field that is wrong. */
export function toStartRunInput(values: RunFormValues): { input: StartRunInput; errors?: undefined } | { input?: undefined; errors: FieldErrors } {
  const fineTune = values.strategy === 'FINE_TUNE';
  // Fine-tuning's fields are disabled for the other strategies: whatever they hold is not sent.
  const parsed = schema.safeParse(fineTune ? values : { ...values, fineTuneEpochs: '0', fineTuneLearningRate: '1' });
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[field] ??= issue.message;
    }
    return { errors };
  }
  const v = parsed.data;
  const baseline = values.strategy === 'BASELINE';
  const input: StartRunInput = {
    datasetId: v.datasetId,
    name: v.name || null,
    strategy: values.strategy,
    imageSize: v.imageSize,
    batchSize: v.batchSize,
    epochs: v.epochs,
    learningRate: v.learningRate,
    dropout: v.dropout,
    validationSplit: v.validationSplit,
    augmentation: { flip: values.flip, rotationDegrees: v.rotationDegrees, zoom: v.zoom, brightness: v.brightness, contrast: v.contrast },
    earlyStoppingPatience: v.earlyStoppingPatience ?? null,
    seed: v.seed ?? null,
    ...(baseline ? { pretrained: false } : { backbone: values.backbone, pretrained: values.pretrained, ...(values.weightsId ? { weightsId: values.weightsId } : {}) }),
    ...(fineTune ? { fineTuneEpochs: v.fineTuneEpochs, fineTuneLearningRate: v.fineTuneLearningRate, unfreezeFrom: values.unfreezeFrom.trim() || null } : {}),
  };
  return { input };
}
