export { WeightsError, isWeightsError, type WeightsErrorCode, type WeightsErrorDetails } from './errors';
export {
  loadBackboneWeights,
  weightsFileKind,
  type BackboneWeightsInfo,
  type LoadBackboneWeightsOptions,
  type WeightsSource,
} from './load-backbone-weights';
export {
  DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS,
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  ensureImagenetWeights,
  IMAGENET_WEIGHTS,
  imagenetWeightsLocation,
  kerasImagenetFiles,
  type KerasImagenetFile,
  KERAS_APPLICATIONS_BASE_URL,
  type DownloadProgress,
  type EnsureImagenetWeightsOptions,
  type ImagenetWeightsFile,
  type ImagenetWeightsLocation,
  type ImagenetWeightsRequest,
} from './imagenet';
export {
  loadKerasH5Weights,
  writeKerasH5Weights,
  type KerasH5Layout,
  type WeightsLoadResult,
  type WriteKerasH5Options,
} from './keras-h5';
export { loadTfjsLayersWeights } from './tfjs-weights';
export { checkBackboneWeights, type CheckBackboneWeightsOptions, type CheckedBackboneWeights } from './check-backbone-weights';
