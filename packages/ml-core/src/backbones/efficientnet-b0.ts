import * as tf from '@tensorflow/tfjs';
import { assertImageSize } from './assert-image-size';
import { correctPad } from './correct-pad';
import { ChannelRescaling, Normalization } from './keras-preprocessing-layers';
import { seededKernelInitializer } from './seeded-initializer';
import { EFFICIENTNET_B0_MIN_IMAGE_SIZE } from './backbone-facts';
import { DROP_CONNECT_RATE, EFFICIENTNET_B0_STAGES, SE_RATIO } from './efficientnet-b0-stages';

/** ImageNet's per-channel standard deviations (RGB), as keras.applications.efficientnet has them. */
const IMAGENET_STDDEV_RGB = [0.229, 0.224, 0.225] as const;

const ACTIVATION = 'swish';

export interface EfficientNetB0Options {
  imageSize: number;
  /** Seeds the random initial weights (they are replaced when pretrained weights load). */
  seed?: number;
}

function apply(layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}

type Conv = (args: { filters: number; kernelSize: number; name: string; activation?: 'swish' | 'sigmoid'; useBias?: boolean; strides?: number; padding?: 'same' | 'valid' }) => tf.layers.Layer;

/**
 * `keras.applications.EfficientNetB0(include_top=False, weights='imagenet')`, layer for layer,
 * with Keras's names. It takes pixels 0..255: the network rescales and normalises them itself
 * (`rescaling`, `normalization` and, for the ImageNet weights, `rescaling_1`). Output is
 * `top_activation`.
 */
export function buildEfficientNetB0({ imageSize, seed }: EfficientNetB0Options): tf.LayersModel {
  assertImageSize(imageSize, EFFICIENTNET_B0_MIN_IMAGE_SIZE, 'EfficientNetB0');
  let convs = 0;
  const conv: Conv = ({ filters, kernelSize, name, activation, useBias = false, strides = 1, padding = 'same' }) =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding, useBias, activation, name, kernelInitializer: seededKernelInitializer(seed, convs++) });
  const depthwise = (kernelSize: number, strides: number, name: string) =>
    tf.layers.depthwiseConv2d({ kernelSize, strides, padding: strides === 2 ? 'valid' : 'same', useBias: false, name, depthwiseInitializer: seededKernelInitializer(seed, convs++) });
  const input = tf.input({ shape: [imageSize, imageSize, 3], name: 'input_1' });

  let x = apply(tf.layers.rescaling({ scale: 1 / 255, name: 'rescaling' }), input);
  x = apply(new Normalization({ name: 'normalization', channels: 3 }), x);
  // Keras: the file's "variance" holds the standard deviation, so divide by its root once more.
  x = apply(new ChannelRescaling({ name: 'rescaling_1', scale: IMAGENET_STDDEV_RGB.map((s) => 1 / Math.sqrt(s)) }), x);
  x = apply(tf.layers.zeroPadding2d({ padding: correctPad(imageSize, imageSize), name: 'stem_conv_pad' }), x);
  x = apply(conv({ filters: 32, kernelSize: 3, strides: 2, padding: 'valid', name: 'stem_conv' }), x);
  x = apply(tf.layers.batchNormalization({ axis: 3, name: 'stem_bn' }), x);
  x = apply(tf.layers.activation({ activation: ACTIVATION, name: 'stem_activation' }), x);

  const total = EFFICIENTNET_B0_STAGES.reduce((sum, s) => sum + s.repeats, 0);
  let b = 0;
  EFFICIENTNET_B0_STAGES.forEach((stage, i) => {
    for (let j = 0; j < stage.repeats; j++) {
      const name = `block${i + 1}${String.fromCharCode(97 + j)}_`;
      const first = j === 0;
      x = mbConvBlock(x, {
        name,
        kernelSize: stage.kernelSize,
        expandRatio: stage.expandRatio,
        strides: first ? stage.strides : 1,
        filtersIn: first ? stage.filtersIn : stage.filtersOut,
        filtersOut: stage.filtersOut,
        dropRate: (DROP_CONNECT_RATE * b) / total,
        conv,
        depthwise,
      });
      b++;
    }
  });

  x = apply(conv({ filters: 1280, kernelSize: 1, name: 'top_conv' }), x);
  x = apply(tf.layers.batchNormalization({ axis: 3, name: 'top_bn' }), x);
  x = apply(tf.layers.activation({ activation: ACTIVATION, name: 'top_activation' }), x);
  return tf.model({ inputs: input, outputs: x, name: 'efficientnetb0' });
}

interface BlockOptions {
  name: string;
  kernelSize: number;
  expandRatio: number;
  strides: number;
  filtersIn: number;
  filtersOut: number;
  /** Dropout before the residual Add (stochastic depth), growing with the block's depth. */
  dropRate: number;
  conv: Conv;
  depthwise: (kernelSize: number, strides: number, name: string) => tf.layers.Layer;
}

/** Keras's efficientnet `block`: expand 1x1, depthwise, squeeze-and-excitation, project 1x1, residual. */
function mbConvBlock(inputs: tf.SymbolicTensor, { name, kernelSize, expandRatio, strides, filtersIn, filtersOut, dropRate, conv, depthwise }: BlockOptions): tf.SymbolicTensor {
  const bn = (suffix: string) => tf.layers.batchNormalization({ axis: 3, name: `${name}${suffix}` });
  const activation = (suffix: string) => tf.layers.activation({ activation: ACTIVATION, name: `${name}${suffix}` });
  const filters = filtersIn * expandRatio;
  let x = inputs;
  if (expandRatio !== 1) {
    x = apply(activation('expand_activation'), apply(bn('expand_bn'), apply(conv({ filters, kernelSize: 1, name: `${name}expand_conv` }), x)));
  }
  if (strides === 2) {
    const [, h, w] = x.shape as number[];
    x = apply(tf.layers.zeroPadding2d({ padding: correctPad(h!, w!, kernelSize), name: `${name}dwconv_pad` }), x);
  }
  x = apply(activation('activation'), apply(bn('bn'), apply(depthwise(kernelSize, strides, `${name}dwconv`), x)));

  const filtersSe = Math.max(1, Math.trunc(filtersIn * SE_RATIO));
  let se = apply(tf.layers.globalAveragePooling2d({ name: `${name}se_squeeze` }), x);
  se = apply(tf.layers.reshape({ targetShape: [1, 1, filters], name: `${name}se_reshape` }), se);
  se = apply(conv({ filters: filtersSe, kernelSize: 1, activation: ACTIVATION, useBias: true, name: `${name}se_reduce` }), se);
  se = apply(conv({ filters, kernelSize: 1, activation: 'sigmoid', useBias: true, name: `${name}se_expand` }), se);
  x = apply(tf.layers.multiply({ name: `${name}se_excite` }), [x, se]);

  x = apply(bn('project_bn'), apply(conv({ filters: filtersOut, kernelSize: 1, name: `${name}project_conv` }), x));
  if (strides === 1 && filtersIn === filtersOut) {
    if (dropRate > 0) x = apply(tf.layers.dropout({ rate: dropRate, noiseShape: [null, 1, 1, 1] as unknown as number[], name: `${name}drop` }), x);
    x = apply(tf.layers.add({ name: `${name}add` }), [x, inputs]);
  }
  return x;
}
