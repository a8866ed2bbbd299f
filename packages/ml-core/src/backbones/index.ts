import type * as tf from '@tensorflow/tfjs';
import type { BackboneName } from '../types';
import { BACKBONE_FACTS, type BackboneFacts } from './backbone-facts';
import { buildEfficientNetB0 } from './efficientnet-b0';
import { buildMobileNetV2 } from './mobilenet-v2';
import { buildResNet50 } from './resnet50';
import { buildVgg16 } from './vgg16';

export { buildMobileNetV2, type MobileNetV2Options } from './mobilenet-v2';
export { BACKBONE_FACTS, MOBILENET_V2_ALPHAS, type BackboneFacts } from './backbone-facts';
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

/** A backbone's facts and how to build it. */
export interface BackboneSpec extends BackboneFacts {
  build(options: BackboneBuildOptions): tf.LayersModel;
}

export const BACKBONES: Record<BackboneName, BackboneSpec> = {
  VGG16: {
    ...BACKBONE_FACTS.VGG16,
    build({ imageSize, alpha, seed }) {
      assertNoAlpha('VGG16', alpha);
      return buildVgg16({ imageSize, seed });
    },
  },
  MOBILENET_V2: {
    ...BACKBONE_FACTS.MOBILENET_V2,
    build: ({ imageSize, alpha = 1.0, seed }) => buildMobileNetV2({ imageSize, alpha, seed }),
  },
  RESNET50: {
    ...BACKBONE_FACTS.RESNET50,
    build({ imageSize, alpha, seed }) {
      assertNoAlpha('ResNet50', alpha);
      return buildResNet50({ imageSize, seed });
    },
  },
  EFFICIENTNET_B0: {
    ...BACKBONE_FACTS.EFFICIENTNET_B0,
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
