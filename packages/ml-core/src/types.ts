// Names shared across ml-core. They mirror the public GraphQL contract's enums.
export const BACKBONE_NAMES = ['VGG16', 'MOBILENET_V2', 'RESNET50', 'EFFICIENTNET_B0'] as const;
export type BackboneName = (typeof BACKBONE_NAMES)[number];
export type Strategy = 'BASELINE' | 'FEATURE_EXTRACTION' | 'FINE_TUNE';
export type Phase = 'BASELINE' | 'FEATURE_EXTRACTION' | 'FINE_TUNE';

/**
 * How pixels (RGB, 0..255, NHWC) become model inputs.
 * - `caffe`: Keras vgg16.preprocess_input: RGB→BGR, minus the ImageNet BGR mean, no scaling.
 * - `tf`: Keras mobilenet_v2.preprocess_input: x / 127.5 - 1, to [-1, 1].
 * - `rescale`: x / 255, for the baseline CNN trained from scratch.
 * - `none`: pixels as they are, for networks that scale them in their own layers (EfficientNet).
 */
export type PreprocessingMode = 'caffe' | 'tf' | 'rescale' | 'none';
