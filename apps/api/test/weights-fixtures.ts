// Real weights files for the weights tests: ml-core's own MobileNetV2 and VGG16, saved as a Keras
// .h5 file or as a TensorFlow.js layers export (model.json + weights.bin), as users upload them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildBackbone, writeKerasH5Weights, type BackboneName } from '@transferlab/ml-core';
import { apiBase } from './datasets-fixtures';
import type { TestApi } from './harness';

function backbone(name: BackboneName, alpha: number | undefined, seed: number): tf.LayersModel {
  return buildBackbone(name, { imageSize: 32, ...(alpha !== undefined && { alpha }), seed });
}

function dispose(model: tf.LayersModel): void {
  for (const w of new Set(model.weights)) w.dispose();
}

/** A Keras h5 weights file of the backbone with seeded random weights. */
export async function kerasH5(name: BackboneName, alpha?: number, seed = 1): Promise<Buffer> {
  const model = backbone(name, alpha, seed);
  const dir = await mkdtemp(join(tmpdir(), 'weights-fixture-'));
  try {
    await writeKerasH5Weights(model, join(dir, 'w.h5'), { layout: 'keras2' });
    return await readFile(join(dir, 'w.h5'));
  } finally {
    dispose(model);
    await rm(dir, { recursive: true, force: true });
  }
}

/** A TensorFlow.js layers export of the backbone: model.json (naming weights.bin) and weights.bin. */
export async function tfjsExport(name: BackboneName, alpha?: number, seed = 1): Promise<{ modelJson: string; weightsBin: Buffer; kernel: Float32Array }> {
  const model = backbone(name, alpha, seed);
  let result: { modelJson: string; weightsBin: Buffer } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      const modelJson = JSON.stringify({ format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] });
      result = { modelJson, weightsBin: Buffer.from(weightData) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const kernel = (await model.getLayer(name === 'VGG16' ? 'block1_conv1' : 'Conv1').getWeights()[0]!.data()) as Float32Array;
  dispose(model);
  return { ...result!, kernel };
}

export interface WeightsUploadFile {
  name: string;
  bytes: Buffer | string;
}

export interface WeightsUploadResponse {
  status: number;
  body: Record<string, unknown> & { error?: string; code?: string };
}

/** POST /api/teams/:teamId/weights with these fields and files. */
export async function uploadWeights(api: TestApi, teamId: string, token: string | undefined, fields: Record<string, string>, files: WeightsUploadFile[]): Promise<WeightsUploadResponse> {
  const form = new FormData();
  for (const [field, value] of Object.entries(fields)) form.append(field, value);
  for (const file of files) form.append('files', new Blob([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)]), file.name);
  const res = await fetch(`${apiBase(api)}/api/teams/${teamId}/weights`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as WeightsUploadResponse['body'] };
}

export const TEAM_WEIGHTS = `query ($id: ID!) { team(id: $id) { weights { id name backbone alpha format sha256 sizeBytes createdAt createdBy { id } } } }`;
export const DELETE_WEIGHTS = 'mutation ($id: ID!) { deleteBackboneWeights(id: $id) }';
