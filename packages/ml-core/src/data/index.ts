// The dataset stage's public surface; other folders import from here, not from single files.
export { augmentBatch, isAugmentationActive, type Augmentation } from './augment';
export { balancedClassWeights } from './class-weights';
export type { DatasetIndex, ImageEntry, SkippedFile, Split } from './dataset-index';
export { decodeImage, type DecodeImageOptions } from './decode-image';
export { readImageHeader, type ImageHeader, type ReadImageHeaderOptions } from './read-image-header';
export { DEFAULT_MAX_IMAGE_MEGAPIXELS, DEFAULT_MAX_INPUT_PIXELS, maxImageMegapixelsSetting, megapixelsToPixels } from './pixel-limit';
export { DatasetError, ImageDecodeError, type DatasetErrorCode, type ImageDecodeErrorCode } from './errors';
export { loadImages, toBatchTensor, type LoadedImages, type LoadImagesOptions } from './load-images';
export { createRng, randomInt, shuffleInPlace, uniform, type Rng } from './random';
export { scanDataset, type ScanDatasetOptions } from './read-dataset';
