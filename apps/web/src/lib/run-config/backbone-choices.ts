import type { Backbone } from '@/generated/graphql';

/** The run form's backbones, in the order offered, each with one line on what it is good for. */
export const BACKBONE_CHOICES: readonly { value: Backbone; label: string; line: string }[] = [
  { value: 'VGG16', label: 'VGG16', line: "The recipe's backbone: simple and well understood, but large (15 GFLOPs an image) and the least accurate on ImageNet (71%)." },
  { value: 'MOBILENET_V2', label: 'MobileNetV2', line: 'Small and fast (0.3 GFLOPs): for quick runs on a CPU and models served from phones or browsers.' },
  { value: 'RESNET50', label: 'ResNet50', line: 'More accurate than VGG16 (ImageNet 75%) at a quarter of its cost: a strong default when a GPU trains.' },
  { value: 'EFFICIENTNET_B0', label: 'EfficientNetB0', line: 'The most accurate here (ImageNet 77%) at 0.4 GFLOPs: the best classifier from few images, fast on a CPU.' },
];
