import type * as tf from '@tensorflow/tfjs';
import { blockNames, layerNames } from './layer-names';

/**
 * Finds where fine-tuning starts: an exact layer name (`block5_conv1`) or a block prefix
 * (`block5`, `block_16`) meaning that block's first layer. Exact names win, so `block_1` never
 * silently means `block_16`.
 */
export function findLayerIndex(model: tf.LayersModel, layerOrBlock: string): number {
  const names = layerNames(model);
  const exact = names.indexOf(layerOrBlock);
  if (exact !== -1) return exact;
  const byBlock = names.findIndex((name) => name.startsWith(`${layerOrBlock}_`));
  if (byBlock !== -1) return byBlock;
  throw new Error(
    `Model "${model.name}" has no layer or block "${layerOrBlock}". ` +
      `Valid blocks: ${blockNames(model).join(', ')}; ` +
      `or any of its ${names.length} layer names, e.g. ${names.slice(1, 4).join(', ')}.`,
  );
}

/**
 * Freezes every layer before `layerOrBlock` and unfreezes it and everything after, returning the
 * number of frozen layers. tfjs reads `trainable` when a model is compiled, so compile afterwards.
 */
export function unfreezeFrom(model: tf.LayersModel, layerOrBlock: string): number {
  const start = findLayerIndex(model, layerOrBlock);
  // The container flag hides every weight when false, whatever the layers say; reset it first.
  model.trainable = true;
  model.layers.forEach((layer, index) => {
    layer.trainable = index >= start;
  });
  return start;
}
