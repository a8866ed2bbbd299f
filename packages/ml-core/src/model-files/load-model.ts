import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METADATA_FILE, METADATA_FORMAT, type ModelMetadata } from './metadata';
import { ModelFilesError } from './errors';
import { MODEL_JSON } from './save-model';

export { ModelFilesError };

export interface LoadedModel {
  model: tf.LayersModel;
  metadata: ModelMetadata;
}

/** Loads a folder written by `saveModel`. */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const metadata = await readJson<ModelMetadata>(join(dir, METADATA_FILE), dir);
  if (metadata.format !== METADATA_FORMAT) {
    throw new ModelFilesError(`${join(dir, METADATA_FILE)} is not TransferLab model metadata (format '${String(metadata.format)}').`);
  }
  const modelJson = await readJson<{ modelTopology: object; weightsManifest: tf.io.WeightsManifestConfig }>(join(dir, MODEL_JSON), dir);
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = await Promise.all(modelJson.weightsManifest.flatMap((group) => group.paths.map((p) => readFile(join(dir, p)))));
  const weightData = tf.io.concatenateArrayBuffers(shards.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  try {
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
    return { model, metadata };
  } catch (error) {
    throw new ModelFilesError(`Could not load the model in ${dir}: ${(error as Error).message}`);
  }
}

async function readJson<T>(path: string, dir: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ModelFilesError(`No ${path}: ${dir} is not a model folder written by 'transferlab train'.`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ModelFilesError(`${path} is not valid JSON; the model folder is damaged. Train or download the model again.`);
  }
}
