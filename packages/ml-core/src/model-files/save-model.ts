import * as tf from '@tensorflow/tfjs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PREDICTIONS_FILE, type ModelPredictions } from '../evaluation/prediction-format';
import { METADATA_FILE, type ModelMetadata } from './metadata';
import { portableArtifacts } from './portable-layers';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/**
 * Writes the model in the TensorFlow.js layers format (model.json + one weights.bin shard, as
 * `tf.loadLayersModel` reads it in Node or a browser, ml-core's own layers written as TensorFlow.js
 * built-ins) plus metadata.json. Files go to a
 * temporary folder first and replace `dir` only when all are written, so a failed save never
 * destroys an earlier good model there. `predictions` (a trained model's per-image records) go to
 * predictions.json beside metadata.json: kept apart since they grow with the dataset, the rest does not.
 */
export async function saveModel(dir: string, model: tf.LayersModel, metadata: ModelMetadata, predictions?: ModelPredictions): Promise<void> {
  const staging = `${dir}.saving-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const { modelTopology, weightSpecs, weightData } = await portableArtifacts({
          modelTopology: artifacts.modelTopology as object,
          weightSpecs: artifacts.weightSpecs ?? [],
          weightData: artifacts.weightData ? concatWeightData(artifacts.weightData) : new ArrayBuffer(0),
        });
        const modelJson = {
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
          convertedBy: null,
          modelTopology,
          weightsManifest: [{ paths: [WEIGHTS_BIN], weights: weightSpecs }],
        };
        await writeFile(join(staging, MODEL_JSON), JSON.stringify(modelJson));
        await writeFile(join(staging, WEIGHTS_BIN), Buffer.from(weightData));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    await writeFile(join(staging, METADATA_FILE), JSON.stringify(metadata, null, 2));
    if (predictions) await writeFile(join(staging, PREDICTIONS_FILE), JSON.stringify(predictions));
    await mkdir(dirname(dir), { recursive: true });
    const previous = `${dir}.previous-${process.pid}-${Date.now()}`;
    const hadPrevious = await rename(dir, previous).then(
      () => true,
      () => false,
    );
    await rename(staging, dir);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

function concatWeightData(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}
