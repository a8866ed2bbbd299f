import type { checkBackboneWeights as checkInMlCore } from '@transferlab/ml-core';

/**
 * ml-core's checkBackboneWeights, which builds the backbone in TensorFlow.js, imported on the first
 * weights upload: an API that is never sent weights never loads TensorFlow.js on its main thread
 * (about 70 MB resident under tsx). The rest of the main thread uses @transferlab/ml-core/no-tfjs.
 */
export const checkBackboneWeights: typeof checkInMlCore = async (options) => (await import('@transferlab/ml-core')).checkBackboneWeights(options);
