// Writes a TensorFlow.js layers export (model.json + shards) the way tfjs and tensorflowjs_converter do,
// with knobs for the variants real files have: several shards, prefixed names, uint8 quantization, a head.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export interface ExportOptions {
  /** Prefix every weight name, as an export of a nested sub-model does (`model2/Conv1/kernel`). */
  prefix?: string;
  /** Split the bytes over this many shard files. */
  shards?: number;
  /** Store every weight as uint8 with min/scale, as `tensorflowjs_converter --quantize_uint8` does. */
  quantizeUint8?: boolean;
  /** Weights the model does not have, appended to the manifest (a classifier head). */
  extra?: { name: string; values: Float32Array; shape: number[] }[];
}

/** Saves the model with a custom save handler, writing model.json and its shards ourselves. */
export async function exportTfjs(model: tf.LayersModel, folder: string, options: ExportOptions = {}): Promise<string> {
  let specs: tf.io.WeightsManifestEntry[] = [];
  let data = new Uint8Array();
  let topology: unknown;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      specs = artifacts.weightSpecs ?? [];
      const weightData = artifacts.weightData ?? new ArrayBuffer(0);
      data = new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData));
      topology = artifacts.modelTopology;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  let entries: { spec: tf.io.WeightsManifestEntry; values: Float32Array }[] = specs.map((spec, i) => {
    const offset = specs.slice(0, i).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    return { spec, values: new Float32Array(data.buffer.slice(offset, offset + count * 4)) };
  });
  entries = entries.concat((options.extra ?? []).map((e) => ({ spec: { name: e.name, shape: e.shape, dtype: 'float32' as const }, values: e.values })));

  const parts: Uint8Array[] = [];
  const manifest: tf.io.WeightsManifestEntry[] = [];
  for (const { spec, values } of entries) {
    const name = options.prefix ? `${options.prefix}/${spec.name}` : spec.name;
    if (options.quantizeUint8) {
      const min = Math.min(...values);
      const max = Math.max(...values);
      const scale = max > min ? (max - min) / 255 : 1;
      parts.push(Uint8Array.from(values, (v) => Math.round((v - min) / scale)));
      manifest.push({ ...spec, name, quantization: { dtype: 'uint8', min, scale } });
    } else {
      parts.push(new Uint8Array(values.buffer.slice(0)));
      manifest.push({ ...spec, name });
    }
  }
  const all = Buffer.concat(parts);
  const shardCount = options.shards ?? 1;
  const shardSize = Math.ceil(all.length / shardCount);
  const paths: string[] = [];
  for (let i = 0; i < shardCount; i += 1) {
    const shardName = `group1-shard${i + 1}of${shardCount}.bin`;
    await writeFile(join(folder, shardName), all.subarray(i * shardSize, (i + 1) * shardSize));
    paths.push(shardName);
  }
  const modelJson = join(folder, 'model.json');
  await writeFile(
    modelJson,
    JSON.stringify({ format: 'layers-model', generatedBy: 'test', modelTopology: topology, weightsManifest: [{ paths, weights: manifest }] }),
  );
  return modelJson;
}
