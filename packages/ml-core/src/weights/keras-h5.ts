import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Group } from 'h5wasm/node';
import { WeightsError } from './errors';
import { digestFile } from './file-digest';
import { hdf5Reason, readStringListAttr, withHdf5, type Hdf5 } from './hdf5';
import {
  collectWeightedLayers,
  describeSlots,
  formatShape,
  sameShape,
  setLayerWeightsFromArrays,
  type WeightedLayer,
} from './model-weights';

export { writeKerasH5Weights, type KerasH5Layout, type WriteKerasH5Options } from './keras-h5-writer';

export interface WeightsLoadResult {
  /** sha256 of the weights bytes, to record which weights a run used. */
  sha256: string;
  /** How many model layers received weights. */
  layers: number;
}

interface FileArray {
  /** The name listed in `weight_names`, e.g. `block1_conv1/kernel:0` or `block1_conv1_W_1:0`. */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Keras 1 names (as in the keras-applications VGG16 notop file) for what Keras 2 calls kernel, bias, … */
const LEGACY_SHORT_NAMES: Record<string, string> = {
  W: 'kernel',
  b: 'bias',
  depthwise_W: 'depthwise_kernel',
  pointwise_W: 'pointwise_kernel',
  running_mean: 'moving_mean',
  running_std: 'moving_variance',
};

const FIX_HINT =
  'Pass weights saved from the same architecture and configuration (Keras layer names, alpha and input size must match), ' +
  "or use weights 'imagenet' or 'none'.";

/**
 * Loads a Keras HDF5 weights file (`model.save_weights('x.h5')`, the keras-applications `*_notop.h5`
 * files, or a whole-model `.h5` with a `model_weights` group) into `model`, matching layers by name.
 * Everything is read and checked before the first layer is touched, so a bad file leaves the model as it was.
 */
export async function loadKerasH5Weights(model: tf.LayersModel, path: string): Promise<WeightsLoadResult> {
  const file = resolve(path);
  await assertFile(file);
  const targets = collectWeightedLayers(model);
  const { sha256 } = await digestFile(file).catch((cause: unknown) => {
    throw new WeightsError(
      'WEIGHTS_UNAVAILABLE',
      `Cannot read the weights file ${file} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). Check its permissions.`,
      { file, cause },
    );
  });
  const fileLayers = await readKerasWeights(file, new Set(targets.map((t) => t.name)));
  const plan = targets.map((target) => ({ target, arrays: matchLayer(file, target, fileLayers) }));
  for (const { target, arrays } of plan) setLayerWeightsFromArrays(target, arrays);
  return { sha256, layers: plan.length };
}

async function assertFile(file: string): Promise<void> {
  const info = await stat(file).catch((cause: unknown) => {
    throw new WeightsError(
      'WEIGHTS_UNAVAILABLE',
      `No weights file at ${file} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). Check the path, or use weights 'imagenet' or 'none'.`,
      { file, cause },
    );
  });
  if (!info.isFile()) {
    throw new WeightsError('WEIGHTS_UNAVAILABLE', `${file} is not a file; pass the path of a Keras .h5 weights file.`, { file });
  }
}

function corrupt(file: string, reason: string, cause?: unknown): WeightsError {
  return new WeightsError(
    'WEIGHTS_CORRUPT',
    `Cannot read Keras weights from ${file}: ${reason}. The file is damaged or not a Keras HDF5 weights file; ` +
      'download or export it again (a partial download is the usual cause).',
    { file, cause },
  );
}

interface KerasWeightsFile {
  /** Every layer listed in `layer_names` that has weights, in file order. */
  weightedLayerNames: string[];
  /** The arrays of the layers the model asked for. */
  arrays: Map<string, FileArray[]>;
}

async function readKerasWeights(file: string, wanted: ReadonlySet<string>): Promise<KerasWeightsFile> {
  return withHdf5((h5) => {
    let h5file: InstanceType<Hdf5['File']>;
    try {
      h5file = new h5.File(file, 'r');
    } catch (cause) {
      throw corrupt(file, `it is not a readable HDF5 file (${hdf5Reason(cause)})`, cause);
    }
    try {
      const root = findWeightsGroup(file, h5file, h5);
      const layerNames = readStringListAttr(root, 'layer_names') ?? [];
      const result: KerasWeightsFile = { weightedLayerNames: [], arrays: new Map() };
      for (const layerName of layerNames) {
        const group = root.get(layerName);
        if (!(group instanceof h5.Group)) throw corrupt(file, `layer_names lists "${layerName}" but the file has no group for it`);
        const weightNames = readStringListAttr(group, 'weight_names') ?? [];
        if (weightNames.length === 0) continue;
        result.weightedLayerNames.push(layerName);
        if (!wanted.has(layerName) || result.arrays.has(layerName)) continue;
        result.arrays.set(
          layerName,
          weightNames.map((weightName) => readArray(file, h5, group, layerName, weightName)),
        );
      }
      return result;
    } catch (cause) {
      if (cause instanceof WeightsError) throw cause;
      throw corrupt(file, hdf5Reason(cause), cause);
    } finally {
      h5file.close();
    }
  });
}

function findWeightsGroup(file: string, root: Group, h5: Hdf5): Group {
  if (readStringListAttr(root, 'layer_names') !== undefined) return root;
  // A whole model saved with model.save('x.h5') keeps its weights one level down.
  const modelWeights = root.get('model_weights');
  if (modelWeights instanceof h5.Group && readStringListAttr(modelWeights, 'layer_names') !== undefined) return modelWeights;
  const keys = root.keys();
  if (keys.includes('layers') || keys.includes('vars')) {
    throw new WeightsError(
      'WEIGHTS_UNSUPPORTED',
      `${file} looks like a Keras 3 ".weights.h5" file, which has no layer names to match on. ` +
        'Save the weights with Keras 2 / tf.keras `model.save_weights("x.h5")`, or export a TensorFlow.js model.json.',
      { file },
    );
  }
  throw corrupt(file, 'it has no "layer_names" attribute (neither at the root nor in /model_weights)');
}

function readArray(file: string, h5: Hdf5, group: Group, layerName: string, weightName: string): FileArray {
  const dataset = findDataset(h5, group, layerName, weightName);
  if (dataset === undefined) {
    throw corrupt(file, `layer "${layerName}" lists weight "${weightName}" but the file has no dataset for it`);
  }
  const shape = dataset.shape ?? [];
  const values = numericValues(dataset.value);
  if (values === undefined) {
    throw corrupt(file, `weight "${weightName}" of layer "${layerName}" has data type ${String(dataset.dtype)}, not numbers`);
  }
  const expected = shape.reduce((n, d) => n * d, 1);
  if (values.length !== expected) {
    throw corrupt(file, `weight "${weightName}" of layer "${layerName}" holds ${values.length} values for shape ${formatShape(shape)}`);
  }
  return { name: weightName, shape, values };
}

/**
 * A dataset's values as float32: float arrays, integer arrays (Keras stores Normalization's `count`
 * as int64) and scalars (h5wasm gives a 0-d dataset as a plain number or bigint).
 */
function numericValues(raw: unknown): Float32Array | undefined {
  if (raw instanceof Float32Array) return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return Float32Array.of(Number(raw));
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) return Float32Array.from(raw, Number);
  if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) return Float32Array.from(raw as unknown as ArrayLike<number>);
  return undefined;
}

function findDataset(h5: Hdf5, group: Group, layerName: string, weightName: string) {
  // Keras 2 names contain a slash, so `get` walks into the nested group: block1_conv1/block1_conv1/kernel:0.
  for (const candidate of [weightName, `${layerName}/${weightName}`]) {
    const entity = group.get(candidate);
    if (entity instanceof h5.Dataset) return entity;
  }
  // Some writers nest datasets one group further; accept a unique dataset with the same last name.
  const last = weightName.split('/').pop() ?? weightName;
  const matches = group.paths().filter((p) => p === last || p.endsWith(`/${last}`));
  if (matches.length !== 1 || matches[0] === undefined) return undefined;
  const entity = group.get(matches[0]);
  return entity instanceof h5.Dataset ? entity : undefined;
}

/** `block1_conv1/kernel:0` → kernel; `block1_conv1_W_1:0` → kernel; `bn_Conv1/moving_mean:0` → moving_mean. */
export function kerasShortWeightName(layerName: string, weightName: string): string {
  let name = weightName.replace(/:\d+$/, '');
  name = name.split('/').pop() ?? name;
  if (name.startsWith(`${layerName}_`)) {
    name = name.slice(layerName.length + 1).replace(/_\d+$/, '');
    return LEGACY_SHORT_NAMES[name] ?? name;
  }
  return name;
}

/**
 * Orders a file layer's arrays like the model layer's weights. Keras itself loads by position; when the
 * file's names identify every slot one-to-one we go by name instead, which also survives a file that
 * lists non-trainable weights first.
 */
function orderArrays(target: WeightedLayer, arrays: FileArray[]): FileArray[] {
  const byShortName = new Map<string, FileArray>();
  for (const array of arrays) byShortName.set(kerasShortWeightName(target.name, array.name), array);
  if (byShortName.size !== arrays.length) return arrays;
  const named = target.slots.map((slot) => byShortName.get(slot.shortName));
  return named.every((a): a is FileArray => a !== undefined) ? named : arrays;
}

function matchLayer(file: string, target: WeightedLayer, fileLayers: KerasWeightsFile): FileArray[] {
  const arrays = fileLayers.arrays.get(target.name);
  if (arrays === undefined) {
    const listed = fileLayers.weightedLayerNames;
    const sample = listed.slice(0, 8).join(', ') + (listed.length > 8 ? `, … (${listed.length} in all)` : '');
    throw new WeightsError(
      'WEIGHTS_MISMATCH',
      `Weights file ${file} has no weights for layer "${target.name}" (${describeSlots(target.slots)}). ` +
        `Layers with weights in the file: ${sample || 'none'}. ${FIX_HINT}`,
      { file, layer: target.name },
    );
  }
  if (arrays.length !== target.slots.length) {
    throw new WeightsError(
      'WEIGHTS_MISMATCH',
      `Weights file ${file} has ${arrays.length} arrays for layer "${target.name}" (${arrays.map((a) => `${a.name} ${formatShape(a.shape)}`).join(', ')}) ` +
        `but the model layer has ${target.slots.length} (${describeSlots(target.slots)}). ${FIX_HINT}`,
      { file, layer: target.name },
    );
  }
  const ordered = orderArrays(target, arrays);
  target.slots.forEach((slot, i) => {
    const array = ordered[i];
    if (array !== undefined && !sameShape(array.shape, slot.shape)) {
      throw new WeightsError(
        'WEIGHTS_MISMATCH',
        `Weights file ${file} does not fit this model: layer "${target.name}" weight "${slot.shortName}" has shape ` +
          `${formatShape(slot.shape)} in the model but ${formatShape(array.shape)} in the file ("${array.name}"). ` +
          `The file was saved from a different architecture or configuration. ${FIX_HINT}`,
        { file, layer: target.name },
      );
    }
  });
  return ordered;
}
