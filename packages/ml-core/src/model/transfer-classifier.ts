import * as tf from '@tensorflow/tfjs';
import { seededDropout } from './seeded-dropout';

/**
 * A pretrained backbone with the recipe's new head: global average pooling, dropout, softmax.
 * The same head layers are wired three ways so training can skip whatever is frozen:
 * - `full`: pixels → probabilities (what is saved and served);
 * - `headOnMap`: the backbone's feature map → probabilities (fine-tuning, augmentation);
 * - `headOnPooled`: pooled features → probabilities (training on cached features).
 */
export interface TransferClassifier {
  full: tf.LayersModel;
  backbone: tf.LayersModel;
  headOnMap: tf.LayersModel;
  headOnPooled: tf.LayersModel;
  featureSize: number;
}

export function buildTransferClassifier(options: {
  backbone: tf.LayersModel;
  numClasses: number;
  dropout: number;
  seed: number;
}): TransferClassifier {
  const { backbone, numClasses, dropout, seed } = options;
  const gap = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' });
  // A fresh mask every step (TensorFlow.js's own Dropout repeats its seeded mask).
  const drop = seededDropout({ rate: dropout, name: 'dropout', seed });
  const dense = tf.layers.dense({
    units: numClasses,
    activation: 'softmax',
    name: 'predictions',
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
  });
  const head = (t: tf.SymbolicTensor) => dense.apply(drop.apply(t)) as tf.SymbolicTensor;

  const map = backbone.outputs[0]!;
  const mapShape = map.shape.slice(1) as number[];
  const featureSize = mapShape[mapShape.length - 1]!;
  const full = tf.model({ inputs: backbone.inputs, outputs: head(gap.apply(map) as tf.SymbolicTensor), name: 'transferlab_classifier' });
  const mapInput = tf.input({ shape: mapShape, name: 'feature_map' });
  const headOnMap = tf.model({ inputs: mapInput, outputs: head(gap.apply(mapInput) as tf.SymbolicTensor), name: 'head_on_map' });
  const pooledInput = tf.input({ shape: [featureSize], name: 'pooled_features' });
  const headOnPooled = tf.model({ inputs: pooledInput, outputs: head(pooledInput), name: 'head_on_pooled' });
  return { full, backbone, headOnMap, headOnPooled, featureSize };
}

/** The variables a model trains: its trainable layers' weights. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** The head's trainable variables (shared by all three wirings). */
export function headVariables(classifier: TransferClassifier): tf.Variable[] {
  return trainableVariables(classifier.headOnPooled);
}

/** What fine-tuning trains: the unfrozen backbone layers (`suffix`), then the head. */
export function fineTuneVariables(classifier: TransferClassifier, suffix: tf.LayersModel): tf.Variable[] {
  return [...trainableVariables(suffix), ...headVariables(classifier)];
}

/**
 * The frozen prefix's feature map → probabilities, through the unfrozen `suffix` and the head.
 * BatchNorm layers stay in inference mode while fine-tuning, as the Keras guide says; `training`
 * turns only the head's dropout on.
 */
export function fineTunePredict(classifier: TransferClassifier, suffix: tf.LayersModel): (x: tf.Tensor, training: boolean) => tf.Tensor {
  return (x, training) => classifier.headOnMap.apply(suffix.apply(x, { training: false }) as tf.Tensor, { training }) as tf.Tensor;
}
