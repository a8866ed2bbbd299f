// Small models with the layer names of Keras's VGG16 and MobileNetV2, for weights tests. They are not
// the real backbones (src/backbones builds those); only names and weight layouts matter here.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';

export function vggLike({ block1Filters = 4, withBlock3 = false }: { block1Filters?: number; withBlock3?: boolean } = {}): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3], name: 'input_1' });
  let x = tf.layers.conv2d({ name: 'block1_conv1', filters: block1Filters, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'block1_conv2', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'block1_pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'block2_conv1', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'block2_pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  if (withBlock3) {
    x = tf.layers.conv2d({ name: 'block3_conv1', filters: 6, kernelSize: 3, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: input, outputs: x, name: 'vgg16' });
}

export function mobilenetLike(): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3], name: 'input_1' });
  let x = tf.layers.zeroPadding2d({ name: 'Conv1_pad', padding: [[0, 1], [0, 1]] }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'Conv1', filters: 8, kernelSize: 3, strides: 2, useBias: false }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'bn_Conv1', epsilon: 1e-3, momentum: 0.999 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'Conv1_relu', maxValue: 6 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.depthwiseConv2d({ name: 'expanded_conv_depthwise', kernelSize: 3, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'expanded_conv_depthwise_BN' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'expanded_conv_project', filters: 4, kernelSize: 1, useBias: false }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'expanded_conv_project_BN' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'mobilenetv2_0.35_96' });
}

/** Gives every weight array distinct seeded values, so a swapped or misplaced array cannot go unnoticed. */
export function randomizeWeights(model: tf.LayersModel, seed: string): void {
  const rng = seedrandom(seed);
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const tensors = layer.weights.map((w) => {
      const size = w.shape.reduce((n: number, d) => n * (d ?? 1), 1);
      const values = Float32Array.from({ length: size }, () => 0.1 + rng());
      return tf.tensor(values, w.shape as number[]);
    });
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}

/** Every weight array of the model by `<layer>/<weight>`, as plain arrays. */
export function weightValues(model: tf.LayersModel): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const visit = (layers: tf.layers.Layer[]): void => {
    for (const layer of layers) {
      const inner = (layer as { layers?: unknown }).layers;
      if (Array.isArray(inner)) {
        visit(inner as tf.layers.Layer[]);
        continue;
      }
      layer.weights.forEach((w, i) => {
        out.set(`${layer.name}/${w.originalName.split('/').pop()}`, Array.from(layer.getWeights()[i]?.dataSync() ?? []));
      });
    }
  };
  visit(model.layers);
  return out;
}

/** Asserts-friendly diff: the keys whose arrays differ between two models. */
export function differingWeights(a: tf.LayersModel, b: tf.LayersModel): string[] {
  const va = weightValues(a);
  const vb = weightValues(b);
  const keys = new Set([...va.keys(), ...vb.keys()]);
  return [...keys].filter((k) => {
    const x = va.get(k);
    const y = vb.get(k);
    return x === undefined || y === undefined || x.length !== y.length || x.some((v, i) => v !== y[i]);
  });
}
