import { version } from '@tensorflow/tfjs';

/** The TensorFlow.js release ml-core runs on, recorded with each run and model. */
export const TFJS_VERSION: string = version.tfjs;
