// What a command line's help, an env module or a form needs from ml-core without loading TensorFlow.js,
// ONNX Runtime or sharp: importing '@transferlab/ml-core' costs seconds, this entry milliseconds. So
// `transferlab --help` answers at once, and a command loads the rest when it runs. Nothing this file
// reaches may import them (test/light-entry.test.ts checks in a fresh process).
export { BACKBONE_NAMES, type BackboneName, type Phase, type PreprocessingMode, type Strategy } from './types';
export { MAX_TRAINER_MEMORY_MB } from './memory/trainer-memory-limit';
export { DEFAULT_MAX_IMAGE_MEGAPIXELS, DEFAULT_MAX_INPUT_PIXELS, formatMegapixels, maxImageMegapixelsSetting, megapixelsToPixels } from './data/pixel-limit';
export { IMAGENET_WEIGHTS } from './weights/imagenet';
export { DatasetError, ImageDecodeError } from './data/errors';
