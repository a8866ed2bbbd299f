/**
 * The bounds of every number in a run's config, in one place: ml-core's config schema, the API's
 * startRun, the trainer CLI's help and the dashboard's run form all read them from here. Each keeps training work a stranger
 * can ask for finite (epochs, batch x image size) or keeps a value meaningful (fractions, rates).
 * A package of its own, without dependencies, so any layer imports it (`@transferlab/run-config`) and
 * the dashboard does not pull in ml-core's TensorFlow.js, ONNX Runtime and sharp.
 */
export interface NumberBound {
  min: number;
  max: number;
  /** The value itself is not allowed (a learning rate of 0 trains nothing, dropout 1 drops everything). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer?: boolean;
  /** What the config resolves to when the field is left out; absent for fields that default to "off". */
  default?: number;
}

export const CONFIG_BOUNDS = {
  /** The square every image is resized to; 1024 px is past any ImageNet backbone's sweet spot. */
  imageSize: { min: 32, max: 1024, integer: true, default: 224 },
  batchSize: { min: 1, max: 512, integer: true, default: 32 },
  /** Feature-extraction (or baseline) epochs: the Keras guides use 10 to 50. */
  epochs: { min: 1, max: 300, integer: true, default: 10 },
  fineTuneEpochs: { min: 0, max: 300, integer: true, default: 5 },
  learningRate: { min: 0, minExclusive: true, max: 1, default: 0.001 },
  fineTuneLearningRate: { min: 0, minExclusive: true, max: 1, default: 0.0001 },
  dropout: { min: 0, max: 1, maxExclusive: true, default: 0.2 },
  earlyStoppingPatience: { min: 1, max: 100, integer: true },
  reduceLrPatience: { min: 1, max: 100, integer: true },
  reduceLrFactor: { min: 0, minExclusive: true, max: 1, maxExclusive: true, default: 0.5 },
  minLearningRate: { min: 0, max: 1, default: 1e-7 },
  validationSplit: { min: 0, minExclusive: true, max: 0.9, default: 0.2 },
  /** Held out for the final evaluation when the dataset has no test/ folder; 0 = none. At most half: the rest trains and validates. */
  testSplit: { min: 0, max: 0.5, default: 0 },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
  'augmentation.rotationDegrees': { min: 0, max: 180, default: 0 },
  'augmentation.zoom': { min: 0, max: 0.9, maxExclusive: true, default: 0 },
  'augmentation.brightness': { min: 0, max: 1, default: 0 },
  'augmentation.contrast': { min: 0, max: 0.9, maxExclusive: true, default: 0 },
  /** Saturation times a factor in [1 - s, 1 + s]: 1 reaches grey at one end and double at the other. */
  'augmentation.saturation': { min: 0, max: 1, default: 0 },
  /** Hue turned by up to ± this fraction of the colour wheel; half a turn is the farthest a colour can go. */
  'augmentation.hue': { min: 0, max: 0.5, default: 0 },
} as const satisfies Record<string, NumberBound>;

export type BoundedField = keyof typeof CONFIG_BOUNDS;

/** The largest square a run trains on (`imageSize`); every image is resized to at most this. */
export const MAX_IMAGE_SIZE = CONFIG_BOUNDS.imageSize.max;

/**
 * What is wrong with `value` for a field with bound `b`, naming the bound and the value
 * ("must be at most 512 (got 1024)"), or null when it is within bounds.
 */
export function boundProblem(b: NumberBound, value: number): string | null {
  const got = ` (got ${value})`;
  if (!Number.isFinite(value)) return `must be a finite number${got}`;
  if (b.integer && !Number.isInteger(value)) return `must be a whole number${got}`;
  if (b.minExclusive ? value <= b.min : value < b.min) return `must be ${b.minExclusive ? 'above' : 'at least'} ${b.min}${got}`;
  if (b.maxExclusive ? value >= b.max : value > b.max) return `must be ${b.maxExclusive ? 'below' : 'at most'} ${b.max}${got}`;
  return null;
}

/** "32 to 1024", "above 0, at most 1": a bound as a flag's help text shows it. */
export function describeBound(b: NumberBound): string {
  const low = `${b.minExclusive ? 'above ' : ''}${b.min}`;
  const high = `${b.maxExclusive ? 'below ' : ''}${b.max}`;
  const range = b.minExclusive || b.maxExclusive ? `${low}, ${high}` : `${low} to ${high}`;
  return b.default === undefined ? range : `${range}; default ${b.default}`;
}

/**
 * A sweep's bounds: the runs one sweep queues (the product of its grid's list lengths) and the values
 * one list may hold. 24 runs is a 2 x 3 x 4 grid, a day of VGG16 fine-tuning on one CPU trainer, or
 * minutes of feature extraction (its runs share cached features).
 */
export const SWEEP_BOUNDS = {
  maxRuns: 24,
  maxValuesPerList: 8,
} as const;

/** The hyperparameters a sweep can vary, in the order a run's name and the dashboard list them. */
export const SWEEP_PARAMETERS = ['learningRate', 'fineTuneLearningRate', 'unfreezeFrom', 'dropout', 'imageSize'] as const;
export type SweepParameter = (typeof SWEEP_PARAMETERS)[number];

/** How a sweep run's name shows each swept value ("flowers · lr 0.001 · dropout 0.3"). */
export const SWEEP_PARAMETER_LABELS = {
  learningRate: 'lr',
  fineTuneLearningRate: 'fine-tune lr',
  unfreezeFrom: 'unfreeze',
  dropout: 'dropout',
  imageSize: 'size',
} as const satisfies Record<SweepParameter, string>;

/** The hyperparameters only a FINE_TUNE run has (its second phase). */
export const FINE_TUNE_ONLY_SWEEP_PARAMETERS = ['fineTuneLearningRate', 'unfreezeFrom'] as const satisfies readonly SweepParameter[];
