import type { BackboneName, PreprocessingMode } from '../types';

/** The smallest input side each backbone is built for (its strides leave at least one pixel). */
export const VGG16_MIN_IMAGE_SIZE = 32;
export const MOBILENET_V2_MIN_IMAGE_SIZE = 32;
export const RESNET50_MIN_IMAGE_SIZE = 32;
export const EFFICIENTNET_B0_MIN_IMAGE_SIZE = 32;

/** The width multipliers Keras publishes MobileNetV2 ImageNet weights for. */
export const MOBILENET_V2_ALPHAS = [0.35, 0.5, 0.75, 1.0, 1.3, 1.4] as const;

/** What is known about a backbone without building it. */
export interface BackboneFacts {
  name: BackboneName;
  /** The Keras preprocess_input the published ImageNet weights were trained with. */
  preprocessing: PreprocessingMode;
  minImageSize: number;
  /** First layer trained in FINE_TUNE by default: the last block, as in the Keras guides. */
  defaultUnfreezeFrom: string;
  outputLayer: string;
}

// Apart from the builders (backbones/index.ts), so code that only checks or describes a run
// (the API's main thread, memory estimates) does not load TensorFlow.js.
export const BACKBONE_FACTS: Record<BackboneName, BackboneFacts> = {
  VGG16: {
    name: 'VGG16',
    preprocessing: 'caffe',
    minImageSize: VGG16_MIN_IMAGE_SIZE,
    defaultUnfreezeFrom: 'block5_conv1',
    outputLayer: 'block5_pool',
  },
  MOBILENET_V2: {
    name: 'MOBILENET_V2',
    preprocessing: 'tf',
    minImageSize: MOBILENET_V2_MIN_IMAGE_SIZE,
    defaultUnfreezeFrom: 'block_16_expand',
    outputLayer: 'out_relu',
  },
  RESNET50: {
    name: 'RESNET50',
    preprocessing: 'caffe',
    minImageSize: RESNET50_MIN_IMAGE_SIZE,
    // The last stage, conv5 (three bottleneck blocks, 15M of the 23.6M weights).
    defaultUnfreezeFrom: 'conv5_block1_1_conv',
    outputLayer: 'conv5_block3_out',
  },
  EFFICIENTNET_B0: {
    name: 'EFFICIENTNET_B0',
    // Rescaling and normalisation are layers of the network, as in Keras: it takes pixels 0..255.
    preprocessing: 'none',
    minImageSize: EFFICIENTNET_B0_MIN_IMAGE_SIZE,
    // The last block and the top convolution, as the Keras guide's top layers.
    defaultUnfreezeFrom: 'block7a_expand_conv',
    outputLayer: 'top_activation',
  },
};
