import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { WeightsFormat } from '@transferlab/db/schema';
import { badInput } from '../errors';
import { unpackTfjsZip } from './unpack-tfjs-zip';

export interface UploadedWeightsFile {
  format: WeightsFormat;
  /** The .h5 file, or the TF.js export's model.json. */
  path: string;
}

const WHAT_TO_SEND = 'Send one Keras .h5 (or .hdf5) weights file, or a TensorFlow.js layers export: model.json with its weight files, or one .zip holding them.';

/** Which kind of weights the files saved in `dir` are, unpacking a zipped TF.js export into `dir/export`. */
export async function locateUploadedWeights(dir: string, fileNames: readonly string[], maxBytes: number): Promise<UploadedWeightsFile> {
  const [only] = fileNames;
  if (fileNames.length === 1 && only !== undefined) {
    if (/\.(h5|hdf5)$/i.test(only)) return { format: 'KERAS_H5', path: join(dir, only) };
    if (/\.zip$/i.test(only)) {
      const exportDir = join(dir, 'export');
      await mkdir(exportDir);
      return { format: 'TFJS_LAYERS', path: await unpackTfjsZip(join(dir, only), exportDir, maxBytes) };
    }
  }
  if (fileNames.includes('model.json')) return { format: 'TFJS_LAYERS', path: join(dir, 'model.json') };
  throw badInput(fileNames.length === 0 ? `No file was sent. ${WHAT_TO_SEND}` : `Cannot tell what ${fileNames.slice(0, 5).join(', ')} ${fileNames.length === 1 ? 'is' : 'are'}. ${WHAT_TO_SEND}`);
}
