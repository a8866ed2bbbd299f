import type * as tf from '@tensorflow/tfjs';
import type { BackboneName, PreprocessingMode } from '../types';
import { buildMobileNetV2, MOBILENET_V2_MIN_IMAGE_SIZE } from './mobilenet-v2';
import { buildVgg16, VGG16_MIN_IMAGE_SIZE } from './vgg16';

export { buildMobileNetV2, MOBILENET_V2_ALPHAS, type MobileNetV2Options } from './mobilenet-v2';
export { buildVgg16, type Vgg16Options } from './vgg16';
export { blockNames, layerNames } from './layer-names';
export { findLayerIndex, unfreezeFrom } from './unfreeze-from';

export interface BackboneBuildOptions {
  imageSize: number;
  /** MobileNetV2 width multiplier (default 1.0, as in Keras). VGG16 has none. */
  alpha?: number;
  /** Seeds random initial weights, so a run without pretrained weights is reproducible. */
  seed?: number;
}

export interface BackboneSpec {
  name: BackboneName;
  /** The Keras preprocess_input the published ImageNet weights were trained with. */
  preprocessing: PreprocessingMode;
  minImageSize: number;
  /** First layer trained in FINE_TUNE by default: the last block, as in the Keras guides. */
  defaultUnfreezeFrom: string;
  outputLayer: string;
  build(options: BackboneBuildOptions): tf.LayersModel;
}

export const BACKBONES: Record<BackboneName, BackboneSpec> = {
  VGG16: {
    name: 'VGG16',
    preprocessing: 'caffe',
    minImageSize: VGG16_MIN_IMAGE_SIZE,
    defaultUnfreezeFrom: 'block5_conv1',
    outputLayer: 'block5_pool',
    build({ imageSize, alpha, seed }) {
      // Refuse rather than ignore: a width multiplier asked of VGG16 is a caller's mistake.
      if (alpha !== undefined && alpha !== 1) {
        throw new Error(`VGG16 has no width multiplier; got alpha ${alpha}.`);
      }
      return buildVgg16({ imageSize, seed });
    },
  },
  MOBILENET_V2: {
    name: 'MOBILENET_V2',
    preprocessing: 'tf',
    minImageSize: MOBILENET_V2_MIN_IMAGE_SIZE,
    defaultUnfreezeFrom: 'block_16_expand',
    outputLayer: 'out_relu',
    build: ({ imageSize, alpha = 1.0, seed }) => buildMobileNetV2({ imageSize, alpha, seed }),
  },
};

export function buildBackbone(name: BackboneName, options: BackboneBuildOptions): tf.LayersModel {
  return BACKBONES[name].build(options);
}
