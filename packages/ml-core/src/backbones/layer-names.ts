import type * as tf from '@tensorflow/tfjs';

/** The model's layer names in topological order, the order Keras lists them in. */
export function layerNames(model: tf.LayersModel): string[] {
  return model.layers.map((layer) => layer.name);
}

/**
 * Block prefixes such as `block5` (VGG16) or `block_16` (MobileNetV2), in order of appearance:
 * the short names people use to say where fine-tuning starts.
 */
export function blockNames(model: tf.LayersModel): string[] {
  const blocks = new Set<string>();
  for (const name of layerNames(model)) {
    const match = /^(block_?\d+)_/.exec(name);
    if (match?.[1] !== undefined) blocks.add(match[1]);
  }
  return [...blocks];
}
