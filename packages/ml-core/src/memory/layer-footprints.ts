import { makeDivisible } from '../backbones/make-divisible';
import type { BackboneName } from '../types';
import { efficientNetB0Footprints } from './efficientnet-b0-footprints';
import { Footprints, type LayerFootprint } from './footprint-builder';
import { resNet50Footprints } from './resnet50-footprints';

export type { LayerFootprint } from './footprint-builder';

const VGG16_BLOCKS = [
  { filters: 64, convs: 2 },
  { filters: 128, convs: 2 },
  { filters: 256, convs: 3 },
  { filters: 512, convs: 3 },
  { filters: 512, convs: 3 },
] as const;

/** backbones/vgg16.ts, layer for layer. */
export function vgg16Footprints(imageSize: number): LayerFootprint[] {
  const f = new Footprints({ size: imageSize, channels: 3 });
  VGG16_BLOCKS.forEach(({ filters, convs }, b) => {
    for (let c = 1; c <= convs; c++) f.conv(`block${b + 1}_conv${c}`, { filters, kernel: 3, bias: true });
    f.maxPool(`block${b + 1}_pool`);
  });
  return f.layers;
}

// (filters, stride, expansion) of each inverted residual block, as backbones/mobilenet-v2.ts.
const MOBILENET_V2_BLOCKS: readonly (readonly [number, 1 | 2, number])[] = [
  [16, 1, 1], [24, 2, 6], [24, 1, 6], [32, 2, 6], [32, 1, 6], [32, 1, 6], [64, 2, 6], [64, 1, 6], [64, 1, 6],
  [64, 1, 6], [96, 1, 6], [96, 1, 6], [96, 1, 6], [160, 2, 6], [160, 1, 6], [160, 1, 6], [320, 1, 6],
];

/** backbones/mobilenet-v2.ts and inverted-residual-block.ts, layer for layer. */
export function mobileNetV2Footprints(imageSize: number, alpha: number): LayerFootprint[] {
  const f = new Footprints({ size: imageSize, channels: 3 });
  f.conv('Conv1', { filters: makeDivisible(32 * alpha, 8), kernel: 3, stride: 2, bias: false });
  f.batchNorm('bn_Conv1');
  f.same('Conv1_relu');
  MOBILENET_V2_BLOCKS.forEach(([filters, stride, expansion], id) => {
    const p = id === 0 ? 'expanded_conv_' : `block_${id}_`;
    const input = f.shape;
    const out = makeDivisible(Math.trunc(filters * alpha), 8);
    if (id !== 0) {
      f.conv(`${p}expand`, { filters: expansion * input.channels, kernel: 1, bias: false });
      f.batchNorm(`${p}expand_BN`);
      f.same(`${p}expand_relu`);
    }
    if (stride === 2) f.pad(`${p}pad`);
    f.depthwise(`${p}depthwise`, stride, stride === 2);
    f.batchNorm(`${p}depthwise_BN`);
    f.same(`${p}depthwise_relu`);
    f.conv(`${p}project`, { filters: out, kernel: 1, bias: false });
    f.batchNorm(`${p}project_BN`);
    if (input.channels === out && stride === 1) f.same(`${p}add`);
  });
  f.conv('Conv_1', { filters: alpha > 1 ? makeDivisible(1280 * alpha, 8) : 1280, kernel: 1, bias: false });
  f.batchNorm('Conv_1_bn');
  f.same('out_relu');
  return f.layers;
}

export function backboneFootprints(backbone: BackboneName, imageSize: number, alpha: number): LayerFootprint[] {
  switch (backbone) {
    case 'VGG16':
      return vgg16Footprints(imageSize);
    case 'MOBILENET_V2':
      return mobileNetV2Footprints(imageSize, alpha);
    case 'RESNET50':
      return resNet50Footprints(imageSize);
    case 'EFFICIENTNET_B0':
      return efficientNetB0Footprints(imageSize);
  }
}

/** The recipe's head on a backbone's feature map: global average pooling, dropout, softmax. */
export function headFootprints(featureSize: number, numClasses: number): LayerFootprint[] {
  const f = new Footprints({ size: 1, channels: featureSize });
  f.same('global_average_pooling2d');
  f.same('dropout');
  f.dense('predictions', numClasses);
  return f.layers.slice(1);
}

/** model/baseline-cnn.ts, layer for layer. */
export function baselineFootprints(imageSize: number, numClasses: number): LayerFootprint[] {
  const f = new Footprints({ size: imageSize, channels: 3 });
  f.same('rescaling');
  f.conv('conv2d', { filters: 32, kernel: 3, bias: true, padding: 'valid' });
  f.maxPool('max_pooling2d');
  f.conv('conv2d_1', { filters: 64, kernel: 3, bias: true, padding: 'valid' });
  f.maxPool('max_pooling2d_1');
  f.flatten('flatten');
  // The flattened map times 128: the baseline's largest weight by far (see baseline-cnn.ts).
  f.dense('dense', 128);
  f.dense('predictions', numClasses);
  return f.layers;
}
