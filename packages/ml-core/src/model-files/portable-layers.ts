import * as tf from '@tensorflow/tfjs';
import { NORMALIZATION_EPSILON } from '../backbones/keras-preprocessing-layers';

// A saved model must load with plain TensorFlow.js (a browser, another team's tool) that has never
// imported ml-core. Two of EfficientNet's preprocessing layers are ml-core's own classes, because
// TensorFlow.js lacks Keras's Normalization and a per-channel Rescaling. Both are per-channel affine
// maps, and TensorFlow.js's own BatchNormalization computes one at inference:
//   gamma * (x - movingMean) / sqrt(movingVariance + epsilon)
// So they are written as BatchNormalization layers of the same name (epsilon 0, equivalent
// statistics), and the file needs nothing but TensorFlow.js. The live model is left as it is.

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ModelArtifactsParts {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** How one ml-core layer is written instead: BatchNormalization's config flags and its weights from the old ones. */
interface Rewrite {
  scale: boolean;
  weights: (name: string, old: Map<string, Float32Array>, config: Record<string, unknown>) => Record<string, Float32Array>;
}

const REWRITES: Record<string, Rewrite> = {
  // (x - mean) / max(sqrt(variance), 1e-7): the clamped standard deviation squared is BN's variance.
  Normalization: {
    scale: false,
    weights: (name, old) => {
      const mean = required(old, `${name}/mean`);
      const variance = required(old, `${name}/variance`).map((v) => Math.max(Math.sqrt(v), NORMALIZATION_EPSILON) ** 2);
      return { [`${name}/moving_mean`]: mean, [`${name}/moving_variance`]: variance };
    },
  },
  // x * scale per channel: gamma = scale, over a mean of 0 and a variance of 1.
  ChannelRescaling: {
    scale: true,
    weights: (name, _old, config) => {
      const gamma = Float32Array.from(config.scale as number[]);
      return { [`${name}/gamma`]: gamma, [`${name}/moving_mean`]: new Float32Array(gamma.length), [`${name}/moving_variance`]: new Float32Array(gamma.length).fill(1) };
    },
  },
};

/**
 * The saved form of a model, with ml-core's own layers rewritten as TensorFlow.js built-ins (see
 * above). Artifacts without such layers come back unchanged.
 */
export async function portableArtifacts(parts: ModelArtifactsParts): Promise<ModelArtifactsParts> {
  const topology = structuredClone(parts.modelTopology) as { config?: { layers?: LayerJson[] } };
  const rewritten = (topology.config?.layers ?? []).filter((layer) => layer.class_name in REWRITES);
  if (rewritten.length === 0) return parts;

  const decoded = tf.io.decodeWeights(parts.weightData, parts.weightSpecs);
  try {
    const old = new Map(Object.entries(decoded).map(([name, t]) => [name, t.dataSync() as Float32Array]));
    const replaced = new Map<string, Record<string, Float32Array>>();
    for (const layer of rewritten) {
      const name = layer.config.name as string;
      const rewrite = REWRITES[layer.class_name]!;
      replaced.set(name, rewrite.weights(name, old, layer.config));
      layer.class_name = 'BatchNormalization';
      layer.config = { name, trainable: false, axis: -1, momentum: 0.99, epsilon: 0, center: false, scale: rewrite.scale };
    }
    return { modelTopology: topology, ...(await encodeReplacing(decoded, replaced)) };
  } finally {
    tf.dispose(decoded);
  }
}

/** The weights in their saved order, each rewritten layer's old weights replaced, where they stood, by its new ones. */
async function encodeReplacing(decoded: tf.NamedTensorMap, replaced: Map<string, Record<string, Float32Array>>): Promise<Omit<ModelArtifactsParts, 'modelTopology'>> {
  const entries: { name: string; tensor: tf.Tensor }[] = [];
  const created: tf.Tensor[] = [];
  const placed = new Set<string>();
  const place = (layer: string) => {
    if (placed.has(layer)) return;
    placed.add(layer);
    for (const [name, values] of Object.entries(replaced.get(layer)!)) {
      const tensor = tf.tensor1d(values);
      created.push(tensor);
      entries.push({ name, tensor });
    }
  };
  for (const [name, tensor] of Object.entries(decoded)) {
    const layer = name.slice(0, name.lastIndexOf('/'));
    if (replaced.has(layer)) place(layer);
    else entries.push({ name, tensor });
  }
  // A layer that had no weights (ChannelRescaling) gets its new ones at the end.
  for (const layer of replaced.keys()) place(layer);
  try {
    const { data, specs } = await tf.io.encodeWeights(entries);
    return { weightData: data, weightSpecs: specs };
  } finally {
    tf.dispose(created);
  }
}

function required(weights: Map<string, Float32Array>, name: string): Float32Array {
  const values = weights.get(name);
  if (!values) throw new Error(`The saved model has no weight '${name}'.`);
  return values;
}
