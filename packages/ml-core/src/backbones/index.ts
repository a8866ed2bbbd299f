import type * as tf from '@tensorflow/tfjs';
import type { BackboneName, PreprocessingMode } from '../types';
import { buildEfficientNetB0, EFFICIENTNET_B0_MIN_IMAGE_SIZE } from './efficientnet-b0';
import { buildMobileNetV2, MOBILENET_V2_MIN_IMAGE_SIZE } from './mobilenet-v2';
import { buildResNet50, RESNET50_MIN_IMAGE_SIZE } from './resnet50';
import { buildVgg16, VGG16_MIN_IMAGE_SIZE } from './vgg16';

export { buildMobileNetV2, MOBILENET_V2_ALPHAS, type MobileNetV2Options } from './mobilenet-v2';
export { buildVgg16, type Vgg16Options } from './vgg16';
export { buildResNet50, type ResNet50Options } from './resnet50';
export { buildEfficientNetB0, type EfficientNetB0Options } from './efficientnet-b0';
export { blockNames, layerNames } from './layer-names';
export { findLayerIndex, unfreezeFrom } from './unfreeze-from';

export interface BackboneBuildOptions {
  imageSize: number;
  /** MobileNetV2 width multiplier (default 1.0, as in Keras). The other backbones have none. */
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
      assertNoAlpha('VGG16', alpha);
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
  RESNET50: {
    name: 'RESNET50',
    preprocessing: 'caffe',
    minImageSize: RESNET50_MIN_IMAGE_SIZE,
    // The last stage, conv5 (three bottleneck blocks, 15M of the 23.6M weights).
    defaultUnfreezeFrom: 'conv5_block1_1_conv',
    outputLayer: 'conv5_block3_out',
    build({ imageSize, alpha, seed }) {
      assertNoAlpha('ResNet50', alpha);
      return buildResNet50({ imageSize, seed });
    },
  },
  EFFICIENTNET_B0: {
    name: 'EFFICIENTNET_B0',
    // Rescaling and normalisation are layers of the network, as in Keras: it takes pixels 0..255.
    preprocessing: 'none',
    minImageSize: EFFICIENTNET_B0_MIN_IMAGE_SIZE,
    // The last block and the top convolution, as the Keras guide's top layers.
    defaultUnfreezeFrom: 'block7a_expand_conv',
    outputLayer: 'top_activation',
    build({ imageSize, alpha, seed }) {
      assertNoAlpha('EfficientNetB0', alpha);
      return buildEfficientNetB0({ imageSize, seed });
    },
  },
};

/** Refuse rather than ignore: a width multiplier asked of a backbone without one is a caller's mistake. */
function assertNoAlpha(label: string, alpha: number | undefined): void {
  if (alpha !== undefined && alpha !== 1) throw new Error(`${label} has no width multiplier; got alpha ${alpha}.`);
}

export function buildBackbone(name: BackboneName, options: BackboneBuildOptions): tf.LayersModel {
  return BACKBONES[name].build(options);
}
