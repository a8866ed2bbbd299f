import { z } from 'zod';
import { BACKBONE_NAMES } from './types';
import { boundProblem, CONFIG_BOUNDS, type BoundedField, type NumberBound } from '@transferlab/run-config';

/** A number within its CONFIG_BOUNDS entry, with that entry's default when one is given. */
function bounded(field: BoundedField) {
  const bound: NumberBound = CONFIG_BOUNDS[field];
  const schema = z.number().superRefine((value, ctx) => {
    const problem = boundProblem(bound, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
  return { schema, withDefault: () => schema.default(bound.default ?? bound.min) };
}

const augmentationSchema = z
  .object({
    flip: z.boolean().default(false),
    rotationDegrees: bounded('augmentation.rotationDegrees').withDefault(),
    zoom: bounded('augmentation.zoom').withDefault(),
    brightness: bounded('augmentation.brightness').withDefault(),
    contrast: bounded('augmentation.contrast').withDefault(),
    saturation: bounded('augmentation.saturation').withDefault(),
    hue: bounded('augmentation.hue').withDefault(),
  })
  .strict();

/**
 * A run's hyperparameters: the contract's `StartRunInput` (minus the dataset) plus a few ml-core
 * settings with defaults. `resolveTrainConfig` fills every default so the resolved object is
 * exactly what ran, and is stored with the model.
 */
export const trainConfigSchema = z
  .object({
    strategy: z.enum(['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE']),
    backbone: z.enum(BACKBONE_NAMES).default('VGG16'),
    /** MobileNetV2 width multiplier (Keras `alpha`). */
    alpha: z.union([z.literal(0.35), z.literal(0.5), z.literal(0.75), z.literal(1), z.literal(1.3), z.literal(1.4)]).default(1),
    pretrained: z.boolean().default(true),
    imageSize: bounded('imageSize').withDefault(),
    batchSize: bounded('batchSize').withDefault(),
    epochs: bounded('epochs').withDefault(),
    fineTuneEpochs: bounded('fineTuneEpochs').withDefault(),
    learningRate: bounded('learningRate').withDefault(),
    fineTuneLearningRate: bounded('fineTuneLearningRate').withDefault(),
    unfreezeFrom: z.string().min(1).nullish(),
    dropout: bounded('dropout').withDefault(),
    augmentation: augmentationSchema.nullish(),
    earlyStoppingPatience: bounded('earlyStoppingPatience').schema.nullish(),
    validationSplit: bounded('validationSplit').withDefault(),
    testSplit: bounded('testSplit').withDefault(),
    seed: bounded('seed').schema.nullish(),
    /** "balanced" weighs each class by n / (k * count), as sklearn and Keras users do for imbalance. */
    classWeight: z.enum(['balanced', 'none']).default('balanced'),
    /** Reduce the learning rate when validation loss stalls this many epochs; none = off. */
    reduceLrPatience: bounded('reduceLrPatience').schema.nullish(),
    reduceLrFactor: bounded('reduceLrFactor').withDefault(),
    minLearningRate: bounded('minLearningRate').withDefault(),
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

/** The largest share of a class that validation and test together may hold out (validationSplit's own bound). */
const MAX_HELD_OUT = CONFIG_BOUNDS.validationSplit.max;

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
  if (c.validationSplit + c.testSplit > MAX_HELD_OUT) {
    throw new ConfigError([{ field: 'testSplit', message: `plus validationSplit must be at most ${MAX_HELD_OUT}, so some images are left to train on (got ${c.testSplit} + ${c.validationSplit})` }]);
  }
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
