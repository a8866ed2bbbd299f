import * as tf from '@tensorflow/tfjs';

/**
 * The baseline the recipe must beat: a small CNN trained from scratch on rescaled pixels
 * (three conv/pool blocks, global average pooling, dropout, softmax), in the spirit of the
 * Keras "image classification from scratch" example, sized for a few hundred images.
 */
export function buildBaselineCnn(options: { imageSize: number; numClasses: number; dropout: number; seed: number }): tf.LayersModel {
  const { imageSize, numClasses, dropout, seed } = options;
  const input = tf.input({ shape: [imageSize, imageSize, 3], name: 'input_1' });
  let x: tf.SymbolicTensor = input;
  [32, 64, 128].forEach((filters, i) => {
    const block = `baseline_block${i + 1}`;
    x = tf.layers
      .conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        name: `${block}_conv`,
        kernelInitializer: tf.initializers.heNormal({ seed: seed + i }),
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `${block}_pool` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: dropout, name: 'dropout', seed }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: numClasses, activation: 'softmax', name: 'predictions', kernelInitializer: tf.initializers.glorotUniform({ seed }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'baseline_cnn' });
}
