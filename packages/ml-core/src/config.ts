import { z } from 'zod';
import { BACKBONE_NAMES } from './types';

/**
 * A run's hyperparameters: the contract's `StartRunInput` (minus the dataset) plus a few ml-core
 * settings with defaults. `resolveTrainConfig` fills every default so the resolved object is
 * exactly what ran, and is stored with the model.
 */
const augmentationSchema = z
  .object({
    flip: z.boolean().default(false),
    rotationDegrees: z.number().min(0, 'must be 0 or more').max(180, 'must be at most 180').default(0),
    zoom: z.number().min(0, 'must be 0 or more').max(0.9, 'must be below 0.9').default(0),
    brightness: z.number().min(0, 'must be 0 or more').max(1, 'must be at most 1').default(0),
    contrast: z.number().min(0, 'must be 0 or more').max(0.9, 'must be below 0.9').default(0),
  })
  .strict();

/** The largest square a run trains on (`imageSize`); every image is resized to it. */
export const MAX_IMAGE_SIZE = 1024;

const positiveInt = (max: number) =>
  z.number().int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);

export const trainConfigSchema = z
  .object({
    strategy: z.enum(['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE']),
    backbone: z.enum(BACKBONE_NAMES).default('VGG16'),
    /** MobileNetV2 width multiplier (Keras `alpha`). */
    alpha: z.union([z.literal(0.35), z.literal(0.5), z.literal(0.75), z.literal(1), z.literal(1.3), z.literal(1.4)]).default(1),
    pretrained: z.boolean().default(true),
    imageSize: z.number().int('must be a whole number').min(32, 'must be at least 32').max(MAX_IMAGE_SIZE, `must be at most ${MAX_IMAGE_SIZE}`).default(224),
    batchSize: positiveInt(1024).default(32),
    epochs: positiveInt(1000).default(10),
    fineTuneEpochs: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1000, 'must be at most 1000').default(5),
    learningRate: z.number().gt(0, 'must be above 0').max(1, 'must be at most 1').default(0.001),
    fineTuneLearningRate: z.number().gt(0, 'must be above 0').max(1, 'must be at most 1').default(0.0001),
    unfreezeFrom: z.string().min(1).nullish(),
    dropout: z.number().min(0, 'must be 0 or more').lt(1, 'must be below 1').default(0.2),
    augmentation: augmentationSchema.nullish(),
    earlyStoppingPatience: positiveInt(1000).nullish(),
    validationSplit: z.number().gt(0, 'must be above 0').max(0.9, 'must be at most 0.9').default(0.2),
    seed: z.number().int('must be a whole number').min(0).max(2 ** 31 - 1).nullish(),
    /** "balanced" weighs each class by n / (k * count), as sklearn and Keras users do for imbalance. */
    classWeight: z.enum(['balanced', 'none']).default('balanced'),
    /** Reduce the learning rate when validation loss stalls this many epochs; none = off. */
    reduceLrPatience: positiveInt(1000).nullish(),
    reduceLrFactor: z.number().gt(0).lt(1).default(0.5),
    minLearningRate: z.number().min(0).default(1e-7),
  })
  .strict();

export type TrainConfigInput = z.input<typeof trainConfigSchema>;
type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> | null };
export type TrainConfig = Nullable<
  Omit<z.output<typeof trainConfigSchema>, 'seed' | 'augmentation'>,
  'unfreezeFrom' | 'earlyStoppingPatience' | 'reduceLrPatience'
> & {
  seed: number;
  augmentation: z.output<typeof augmentationSchema>;
};

export interface ConfigIssue {
  field: string;
  message: string;
}

export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid training configuration: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`);
    this.name = 'ConfigError';
  }
}

/** Validates and fills defaults; a missing seed is drawn once so the resolved config can reproduce the run. */
export function resolveTrainConfig(input: TrainConfigInput, drawSeed: () => number = randomSeed): TrainConfig {
  const parsed = trainConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(config)',
        message: issue.code === 'unrecognized_keys' ? `has unknown keys: ${issue.keys.join(', ')}` : issue.message,
      })),
    );
  }
  const c = parsed.data;
  if (c.strategy !== 'FINE_TUNE' && c.unfreezeFrom) {
    throw new ConfigError([{ field: 'unfreezeFrom', message: 'applies only to the FINE_TUNE strategy' }]);
  }
  return {
    ...c,
    unfreezeFrom: c.unfreezeFrom ?? null,
    earlyStoppingPatience: c.earlyStoppingPatience ?? null,
    reduceLrPatience: c.reduceLrPatience ?? null,
    augmentation: augmentationSchema.parse(c.augmentation ?? {}),
    seed: c.seed ?? drawSeed(),
  };
}

function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
