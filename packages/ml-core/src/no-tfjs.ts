// The part of ml-core's surface that loads neither TensorFlow.js nor ONNX Runtime: names, bounds,
// run configuration and memory estimates, image headers, weight file locations, error types.
// For processes that check and describe work without running it: the API's main thread, which
// stays about 70 MB smaller without TensorFlow.js, and the trainer's command line, whose help and
// flag parsing answer at once (loading the main entry takes seconds); everything here is also in
// the main entry.
// src/no-tfjs.test.ts checks that importing it leaves TensorFlow.js unloaded.
export type { BackboneName, Phase, PreprocessingMode, Strategy } from './types';
export { BACKBONE_NAMES } from './types';
export { boundProblem, CONFIG_BOUNDS, describeBound, FINE_TUNE_ONLY_SWEEP_PARAMETERS, MAX_IMAGE_SIZE, SWEEP_BOUNDS, SWEEP_PARAMETER_LABELS, SWEEP_PARAMETERS, type BoundedField, type NumberBound, type SweepParameter } from '@transferlab/run-config';
export { BACKBONE_FACTS, MOBILENET_V2_ALPHAS, type BackboneFacts } from './backbones/backbone-facts';
export { backboneAlphas } from './backbones/width-multipliers';
export { IMAGENET_WEIGHTS, imagenetWeightsLocation, kerasImagenetFiles, type KerasImagenetFile } from './weights/imagenet';
export { WeightsError } from './weights/errors';
export { inspectImage, sniffImageFormat, type ImageFormat, type ImageInfo } from './data/inspect-image';
export { readImageHeader, type ImageHeader } from './data/read-image-header';
export { DEFAULT_MAX_IMAGE_MEGAPIXELS, DEFAULT_MAX_INPUT_PIXELS, formatMegapixels, maxImageMegapixelsSetting, megapixelsToPixels } from './data/pixel-limit';
export { DatasetError, ImageDecodeError } from './data/errors';
export { ConfigError, resolveTrainConfig, trainConfigSchema, type TrainConfig, type TrainConfigInput } from './config';
export { estimateRunMemory, MAX_TRAINER_MEMORY_MB, TRAINER_RUNTIME_MB, type MemoryConfig, type MemoryPhase, type RunMemoryEstimate } from './memory/estimate-run-memory';
export { ModelFilesError } from './model-files/errors';
export type { ModelMetadata } from './model-files/metadata';
export type { Prediction } from './predict';
export { classifyFailure, type ClassifiedFailure, type FailureCode, type FailureKind } from './errors';
