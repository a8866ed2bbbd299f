import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Group } from 'h5wasm/node';
import { digestFile } from './file-digest';
import { withHdf5, writeStringListAttr } from './hdf5';
import { leafLayers } from './model-weights';

/**
 * - `legacy`: Keras 1 / early Keras 2 files such as keras-applications' VGG16 notop:
 *   weight names `block1_conv1_W_1:0`, datasets directly in the layer group.
 * - `keras2`: tf.keras `save_weights('x.h5')`: weight names `block1_conv1/kernel:0`,
 *   datasets at `block1_conv1/block1_conv1/kernel:0`.
 */
export type KerasH5Layout = 'legacy' | 'keras2';

export interface WriteKerasH5Options {
  layout: KerasH5Layout;
  /** Put the layers under a `model_weights` group, as `model.save('x.h5')` does for a whole model. */
  modelWeightsGroup?: boolean;
}

const LEGACY_NAMES: Record<string, string> = {
  kernel: 'W',
  bias: 'b',
  depthwise_kernel: 'depthwise_W',
  pointwise_kernel: 'pointwise_W',
  moving_mean: 'running_mean',
  moving_variance: 'running_std',
};

interface LayerRecord {
  name: string;
  weights: { shortName: string; shape: number[]; values: Float32Array }[];
}

/**
 * Writes the model's weights as a Keras HDF5 weights file in either layout (for tests and benchmarks:
 * files that look like the ones Keras publishes). Written to a temporary name, then renamed into place.
 */
export async function writeKerasH5Weights(
  model: tf.LayersModel,
  path: string,
  { layout, modelWeightsGroup = false }: WriteKerasH5Options,
): Promise<{ sha256: string; layers: number }> {
  const file = resolve(path);
  const records: LayerRecord[] = [];
  for (const layer of leafLayers(model)) {
    // getWeights returns the variables themselves: read them, never dispose them.
    const values = layer.getWeights();
    const weights: LayerRecord['weights'] = [];
    for (const [i, variable] of layer.weights.entries()) {
      const tensor = values[i];
      if (tensor === undefined) continue;
      weights.push({
        shortName: variable.originalName.split('/').pop() ?? variable.originalName,
        shape: [...tensor.shape],
        values: Float32Array.from(await tensor.data()),
      });
    }
    records.push({ name: layer.name, weights });
  }

  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.${randomUUID()}.tmp`);
  try {
    await withHdf5((h5) => {
      const out = new h5.File(temp, 'w');
      try {
        const root: Group = modelWeightsGroup ? out.create_group('model_weights') : out;
        writeStringListAttr(root, 'layer_names', records.map((r) => r.name));
        root.create_attribute('backend', 'tensorflow');
        root.create_attribute('keras_version', layout === 'legacy' ? '1.2.2' : '2.13.1');
        for (const record of records) {
          const group = root.create_group(record.name);
          const names = record.weights.map((w) =>
            layout === 'legacy'
              ? `${record.name}_${LEGACY_NAMES[w.shortName] ?? w.shortName}_1:0`
              : `${record.name}/${w.shortName}:0`,
          );
          writeStringListAttr(group, 'weight_names', names);
          // HDF5 does not create intermediate groups for "a/b:0", so make the nested group first.
          const holder = layout === 'keras2' && record.weights.length > 0 ? group.create_group(record.name) : group;
          record.weights.forEach((w, i) => {
            const full = names[i] ?? '';
            // Keras keeps Normalization's sample count as int64; everything else is float32.
            const count = w.shortName === 'count';
            const data = count ? BigInt64Array.from(w.values, (v) => BigInt(Math.round(v))) : w.values;
            holder.create_dataset({ name: full.split('/').pop() ?? full, data, shape: w.shape, dtype: count ? '<q' : '<f4' });
          });
        }
      } finally {
        out.close();
      }
    });
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
  const { sha256 } = await digestFile(file);
  return { sha256, layers: records.filter((r) => r.weights.length > 0).length };
}
