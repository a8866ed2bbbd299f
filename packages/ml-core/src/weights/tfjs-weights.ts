import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { WeightsError } from './errors';
import type { WeightsLoadResult } from './keras-h5';
import { collectWeightedLayers, describeSlots, formatShape, sameShape, type WeightedLayer } from './model-weights';

const manifestEntrySchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  quantization: z
    .object({
      dtype: z.enum(['uint8', 'uint16', 'float16']),
      scale: z.number().optional(),
      min: z.number().optional(),
    })
    .optional(),
  group: z.string().optional(),
});

const modelJsonSchema = z.object({
  format: z.string().optional(),
  weightsManifest: z.array(
    z.object({
      paths: z.array(z.string().min(1)).min(1),
      weights: z.array(manifestEntrySchema),
    }),
  ),
});

type ManifestEntry = z.infer<typeof manifestEntrySchema>;

/** One weight of the manifest and where its bytes are. */
export interface TfjsWeightEntry {
  spec: ManifestEntry;
  /** The concatenated shards of the weight's group. */
  buffer: Buffer;
  byteOffset: number;
  byteLength: number;
}

export interface TfjsWeights {
  modelJson: string;
  entries: TfjsWeightEntry[];
  sha256: string;
}

const BYTES_PER_VALUE: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

function corrupt(file: string, reason: string, cause?: unknown): WeightsError {
  return new WeightsError(
    'WEIGHTS_CORRUPT',
    `Cannot read TensorFlow.js weights from ${file}: ${reason}. Export the model again, keeping model.json and its ` +
      'weight files together in one folder.',
    { file, cause },
  );
}

/**
 * Reads a TensorFlow.js layers `model.json` and its weight shards: where every weight's bytes are, and the
 * sha256 over the shards in manifest order. Nothing is decoded yet.
 */
export async function readTfjsWeights(modelJsonPath: string): Promise<TfjsWeights> {
  const modelJson = resolve(modelJsonPath);
  const folder = dirname(modelJson);
  const text = await readFile(modelJson, 'utf8').catch((cause: unknown) => {
    throw new WeightsError(
      'WEIGHTS_UNAVAILABLE',
      `No TensorFlow.js model.json at ${modelJson} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). ` +
        "Check the path, or use weights 'imagenet' or 'none'.",
      { file: modelJson, cause },
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw corrupt(modelJson, `it is not valid JSON (${(cause as Error).message})`, cause);
  }
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(modelJson, `it is not a TensorFlow.js model.json with a weightsManifest (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`);
  }
  if (parsed.data.format === 'graph-model') {
    throw new WeightsError(
      'WEIGHTS_UNSUPPORTED',
      `${modelJson} is a TensorFlow.js graph model, whose weights are named after graph ops, not layers. ` +
        'Convert the Keras model with `tensorflowjs_converter --output_format=tfjs_layers_model`.',
      { file: modelJson },
    );
  }

  const hash = createHash('sha256');
  const entries: TfjsWeightEntry[] = [];
  for (const group of parsed.data.weightsManifest) {
    const shards: Buffer[] = [];
    for (const shardPath of group.paths) {
      const shard = resolve(folder, shardPath);
      const inside = relative(folder, shard);
      if (isAbsolute(shardPath) || inside.startsWith('..') || isAbsolute(inside)) {
        throw corrupt(modelJson, `weight file "${shardPath}" is outside the model's folder`);
      }
      const bytes = await readFile(shard).catch((cause: unknown) => {
        throw new WeightsError(
          'WEIGHTS_UNAVAILABLE',
          `Weight file ${shard}, listed in ${modelJson}, cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). ` +
            'Copy all the .bin files exported with model.json into its folder.',
          { file: shard, cause },
        );
      });
      hash.update(bytes);
      shards.push(bytes);
    }
    const buffer = shards.length === 1 && shards[0] !== undefined ? shards[0] : Buffer.concat(shards);
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.dtype === 'string') {
        throw new WeightsError('WEIGHTS_UNSUPPORTED', `${modelJson} has a string weight "${spec.name}"; only numeric weights are supported.`, {
          file: modelJson,
        });
      }
      const perValue = BYTES_PER_VALUE[spec.quantization?.dtype ?? spec.dtype] ?? 4;
      const byteLength = spec.shape.reduce((n, d) => n * d, 1) * perValue;
      entries.push({ spec, buffer, byteOffset: offset, byteLength });
      offset += byteLength;
    }
    if (buffer.length < offset) {
      throw corrupt(
        modelJson,
        `its weight files ${group.paths.join(', ')} hold ${buffer.length} bytes but the manifest describes ${offset} (truncated or from another export)`,
      );
    }
  }
  return { modelJson, entries, sha256: hash.digest('hex') };
}

/**
 * The manifest entry for a model weight: `<layer>/<weight>` exactly, else a unique name ending in
 * `/<layer>/<weight>` (exports of nested models prefix the sub-model's name, e.g. `model2/Conv1/kernel`).
 */
function indexEntries(entries: TfjsWeightEntry[]): (layer: string, weight: string) => TfjsWeightEntry[] {
  const byTail = new Map<string, { full: string; entry: TfjsWeightEntry }[]>();
  for (const entry of entries) {
    const full = entry.spec.name.replace(/:\d+$/, '');
    const parts = full.split('/');
    const tail = parts.slice(-2).join('/');
    const list = byTail.get(tail) ?? [];
    list.push({ full, entry });
    byTail.set(tail, list);
  }
  return (layer, weight) => {
    const key = `${layer}/${weight}`;
    const candidates = byTail.get(key) ?? [];
    const exact = candidates.filter((c) => c.full === key);
    return (exact.length > 0 ? exact : candidates.filter((c) => c.full.endsWith(`/${key}`))).map((c) => c.entry);
  };
}

function planLayer(modelJson: string, target: WeightedLayer, lookup: ReturnType<typeof indexEntries>): TfjsWeightEntry[] {
  return target.slots.map((slot) => {
    const found = lookup(target.name, slot.shortName);
    if (found.length === 0) {
      throw new WeightsError(
        'WEIGHTS_MISMATCH',
        `${modelJson} has no weight "${target.name}/${slot.shortName}" for layer "${target.name}" (${describeSlots(target.slots)}). ` +
          'Pass weights exported from the same architecture (layer names must match), or use weights \'imagenet\' or \'none\'.',
        { file: modelJson, layer: target.name },
      );
    }
    if (found.length > 1) {
      throw new WeightsError(
        'WEIGHTS_MISMATCH',
        `${modelJson} has several weights that could be "${target.name}/${slot.shortName}": ${found.map((e) => e.spec.name).join(', ')}. ` +
          'Load the sub-model the weights belong to instead of the whole model.',
        { file: modelJson, layer: target.name },
      );
    }
    const entry = found[0] as TfjsWeightEntry;
    if (!sameShape(entry.spec.shape, slot.shape)) {
      throw new WeightsError(
        'WEIGHTS_MISMATCH',
        `${modelJson} does not fit this model: layer "${target.name}" weight "${slot.shortName}" has shape ${formatShape(slot.shape)} ` +
          `in the model but ${formatShape(entry.spec.shape)} in the file ("${entry.spec.name}"). The weights were exported from a ` +
          'different architecture or configuration (alpha, input size); pass matching weights, or use weights \'imagenet\' or \'none\'.',
        { file: modelJson, layer: target.name },
      );
    }
    return entry;
  });
}

function decodeEntry(entry: TfjsWeightEntry, dtype: tf.DataType): tf.Tensor {
  const { buffer, byteOffset, byteLength, spec } = entry;
  // A fresh ArrayBuffer holding just this weight: Node buffers may share a larger pool.
  const bytes = buffer.buffer.slice(buffer.byteOffset + byteOffset, buffer.byteOffset + byteOffset + byteLength) as ArrayBuffer;
  const decoded = tf.io.decodeWeights(bytes, [spec as tf.io.WeightsManifestEntry])[spec.name];
  if (decoded === undefined) throw new Error(`decodeWeights returned nothing for ${spec.name}`);
  if (decoded.dtype === dtype) return decoded;
  const cast = tf.cast(decoded, dtype);
  decoded.dispose();
  return cast;
}

/**
 * Loads the weights of a TensorFlow.js layers model (`model.json` + shards, float32 or quantized) into
 * `model`, matching `<layer>/<weight>` names. Weights the model has no layer for (a head) are ignored;
 * a model weight missing from the file is an error. Checked in full before the first layer is set.
 */
export async function loadTfjsLayersWeights(model: tf.LayersModel, modelJsonPath: string): Promise<WeightsLoadResult> {
  const targets = collectWeightedLayers(model);
  const weights = await readTfjsWeights(modelJsonPath);
  const lookup = indexEntries(weights.entries);
  const plan = targets.map((target) => ({ target, entries: planLayer(weights.modelJson, target, lookup) }));
  for (const { target, entries } of plan) {
    const tensors: tf.Tensor[] = [];
    try {
      target.slots.forEach((slot, i) => {
        const entry = entries[i];
        if (entry !== undefined) tensors.push(decodeEntry(entry, slot.dtype));
      });
      target.layer.setWeights(tensors);
    } catch (cause) {
      throw corrupt(weights.modelJson, `decoding the weights of layer "${target.name}" failed (${(cause as Error).message})`, cause);
    } finally {
      tf.dispose(tensors);
    }
  }
  return { sha256: weights.sha256, layers: plan.length };
}
