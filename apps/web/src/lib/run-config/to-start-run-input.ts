import { z } from 'zod';
import { CONFIG_BOUNDS, type BoundedField, type NumberBound } from '@transferlab/run-config';
import type { StartRunInput } from '@/generated/graphql';
import type { RunFormValues } from './form-values';

// The limits ml-core's trainConfigSchema applies on the server, read from the same bounds module;
// checked here first so a mistake is shown beside its field before anything is sent. The server's
// verdict still wins.
const num = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .transform(Number)
    .refine((n) => Number.isFinite(n), `${label} must be a number`);
export const bounded = (label: string, field: BoundedField) => {
  const b: NumberBound = CONFIG_BOUNDS[field];
  return num(label)
    .refine((n) => !b.integer || Number.isInteger(n), `${label} must be a whole number`)
    .refine((n) => (b.minExclusive ? n > b.min : n >= b.min), `${label} must be ${b.minExclusive ? 'above' : 'at least'} ${b.min}`)
    .refine((n) => (b.maxExclusive ? n < b.max : n <= b.max), `${label} must be ${b.maxExclusive ? 'below' : 'at most'} ${b.max}`);
};
const optional = <T extends z.ZodType>(schema: T) => z.union([z.string().trim().length(0).transform(() => undefined), schema]);

const schema = z.object({
  datasetId: z.string().min(1, 'Choose a dataset'),
  name: z.string().trim().max(200, 'Name must be at most 200 characters'),
  imageSize: bounded('Image size', 'imageSize'),
  batchSize: bounded('Batch size', 'batchSize'),
  epochs: bounded('Epochs', 'epochs'),
  fineTuneEpochs: bounded('Fine-tune epochs', 'fineTuneEpochs'),
  learningRate: bounded('Learning rate', 'learningRate'),
  fineTuneLearningRate: bounded('Fine-tune learning rate', 'fineTuneLearningRate'),
  dropout: bounded('Dropout', 'dropout'),
  rotationDegrees: bounded('Rotation', 'augmentation.rotationDegrees'),
  zoom: bounded('Zoom', 'augmentation.zoom'),
  brightness: bounded('Brightness', 'augmentation.brightness'),
  contrast: bounded('Contrast', 'augmentation.contrast'),
  saturation: bounded('Saturation', 'augmentation.saturation'),
  hue: bounded('Hue', 'augmentation.hue'),
  earlyStoppingPatience: optional(bounded('Early-stopping patience', 'earlyStoppingPatience')),
  validationSplit: bounded('Validation split', 'validationSplit'),
  testSplit: bounded('Test split', 'testSplit'),
  seed: optional(bounded('Seed', 'seed')),
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
    testSplit: v.testSplit,
    augmentation: { flip: values.flip, rotationDegrees: v.rotationDegrees, zoom: v.zoom, brightness: v.brightness, contrast: v.contrast, saturation: v.saturation, hue: v.hue },
    earlyStoppingPatience: v.earlyStoppingPatience ?? null,
    seed: v.seed ?? null,
    ...(baseline ? { pretrained: false } : { backbone: values.backbone, pretrained: values.pretrained, ...(values.weightsId ? { weightsId: values.weightsId } : {}) }),
    ...(fineTune ? { fineTuneEpochs: v.fineTuneEpochs, fineTuneLearningRate: v.fineTuneLearningRate, unfreezeFrom: values.unfreezeFrom.trim() || null } : {}),
  };
  return { input };
}
