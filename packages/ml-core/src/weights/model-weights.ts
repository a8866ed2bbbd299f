import * as tf from '@tensorflow/tfjs';
import { WeightsError } from './errors';

/** One variable of a model layer as the layer declares it, in `layer.weights` order. */
export interface WeightSlot {
  /** The variable's own name without the layer prefix: `kernel`, `bias`, `gamma`, `moving_variance`, … */
  shortName: string;
  shape: number[];
  dtype: tf.DataType;
}

export interface WeightedLayer {
  name: string;
  layer: tf.layers.Layer;
  slots: WeightSlot[];
}

/**
 * The model's leaf layers, nested models flattened, in model order. Weight files name leaf layers
 * (`block1_conv1`, `bn_Conv1`), so a backbone wrapped inside a bigger model still matches by name.
 */
export function leafLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const out: tf.layers.Layer[] = [];
  const visit = (layers: tf.layers.Layer[]): void => {
    for (const layer of layers) {
      const inner = (layer as { layers?: unknown }).layers;
      if (Array.isArray(inner)) visit(inner as tf.layers.Layer[]);
      else out.push(layer);
    }
  };
  visit(model.layers);
  return out;
}

/** Leaf layers that own weights; throws when two of them share a name, since matching is by name. */
export function collectWeightedLayers(model: tf.LayersModel): WeightedLayer[] {
  const seen = new Set<string>();
  const out: WeightedLayer[] = [];
  for (const layer of leafLayers(model)) {
    if (layer.weights.length === 0) continue;
    if (seen.has(layer.name)) {
      throw new WeightsError(
        'WEIGHTS_MISMATCH',
        `The model has two layers named "${layer.name}"; weights are matched to layers by name, so layer names must be unique.`,
        { layer: layer.name },
      );
    }
    seen.add(layer.name);
    out.push({
      name: layer.name,
      layer,
      slots: layer.weights.map((w) => ({
        shortName: w.originalName.split('/').pop() ?? w.originalName,
        // Variables always have a full shape; only symbolic shapes carry nulls.
        shape: w.shape.map((d) => d ?? -1),
        dtype: w.dtype,
      })),
    });
  }
  return out;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

export function describeSlots(slots: readonly WeightSlot[]): string {
  return slots.map((s) => `${s.shortName} ${formatShape(s.shape)}`).join(', ');
}

/** Sets a layer's weights from plain arrays; every tensor made here is disposed before returning. */
export function setLayerWeightsFromArrays(
  target: WeightedLayer,
  arrays: readonly { shape: number[]; values: Float32Array }[],
): void {
  const tensors: tf.Tensor[] = [];
  try {
    target.slots.forEach((slot, i) => {
      const array = arrays[i];
      if (array === undefined) throw new Error(`no array for ${target.name}/${slot.shortName}`);
      tensors.push(tf.tensor(array.values, array.shape, slot.dtype));
    });
    // setWeights assigns: the variables keep their own reference to the data, so disposing ours is safe.
    target.layer.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}
