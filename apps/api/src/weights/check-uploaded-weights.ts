import { join } from 'node:path';
import { backboneAlphas, WeightsError, type BackboneName } from '@transferlab/ml-core/no-tfjs';
import { badInput } from '../errors';
import { checkBackboneWeights } from './check-backbone-weights';
import type { UploadedWeightsFile } from './locate-uploaded-weights';

export interface CheckedUpload {
  /** The Keras HDF5 file to store: the upload itself, or the TF.js export converted. */
  h5Path: string;
  layers: number;
}

/**
 * Loads the upload into a fresh `backbone` by layer name with every shape matching, so nobody
 * trains on weights that do not fit; ml-core's reason (naming the first mismatching layer, or how
 * the file is damaged) becomes the refusal, with the server's temporary folder left out of it.
 */
export async function checkUploadedWeights(dir: string, upload: UploadedWeightsFile, backbone: BackboneName, alpha: number | null): Promise<CheckedUpload> {
  const converted = upload.format === 'TFJS_LAYERS' ? join(dir, 'converted.h5') : undefined;
  try {
    const checked = await checkBackboneWeights({ backbone, ...(backboneAlphas(backbone) && alpha !== null && { alpha }), path: upload.path, format: upload.format === 'KERAS_H5' ? 'h5' : 'tfjs', writeH5To: converted });
    return { h5Path: converted ?? upload.path, layers: checked.layers };
  } catch (error) {
    if (!(error instanceof WeightsError)) throw error;
    const message = error.message.replaceAll(`${join(dir, 'export')}/`, '').replaceAll(`${dir}/`, '');
    throw badInput(`These weights do not fit ${backbone}${alpha === null ? '' : ` alpha ${alpha}`}: ${message}`, { weightsCode: error.code, ...(error.layer && { layer: error.layer }) });
  }
}
