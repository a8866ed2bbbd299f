// The WASM backend (tfjs-backend-wasm 4.22) lacks the convolution backprop kernels, so training a
// conv layer on it fails with "Kernel 'Conv2DBackpropFilter' not registered". We register those
// kernels for 'wasm' only, composed of ops WASM has. Kernels rather than tf.registerGradient:
// fused convolutions (tf.layers.conv2d with its default linear activation, every conv before a
// BatchNorm in MobileNetV2) compute their gradient in a customGrad that calls
// conv2DBackpropFilter directly and never consults the gradient registry.
import * as tf from '@tensorflow/tfjs';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelConfig,
  NamedTensorInfoMap,
} from '@tensorflow/tfjs';

import { conv2dFilterGrad, conv2dInputGrad } from './conv2d-backprop';
import type { ConvGeometry } from './conv-geometry';
import { depthwiseFilterGrad, depthwiseInputGrad } from './depthwise-backprop';

const WASM = 'wasm';

type Shape4D = [number, number, number, number];
type ConvAttrs = Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dimRoundingMode'> & {
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
};

const composedKernels: KernelConfig[] = [
  composed(tf.Conv2DBackpropFilter, (inputs, attrs) => {
    const { filterShape } = attrs as Conv2DBackpropFilterAttrs;
    const x = tensorInput(inputs, 'x');
    return conv2dFilterGrad(x, tensorInput(inputs, 'dy'), geometry(x.shape, filterShape, attrs, false));
  }),
  composed(tf.Conv2DBackpropInput, (inputs, attrs) => {
    const { inputShape } = attrs as Conv2DBackpropInputAttrs;
    const filter = tensorInput(inputs, 'filter');
    return conv2dInputGrad(tensorInput(inputs, 'dy'), filter, geometry(inputShape, filter.shape, attrs, false));
  }),
  composed(tf.DepthwiseConv2dNativeBackpropFilter, (inputs, attrs) => {
    const { filterShape } = attrs as DepthwiseConv2dNativeBackpropFilterAttrs;
    const x = tensorInput(inputs, 'x');
    return depthwiseFilterGrad(x, tensorInput(inputs, 'dy'), geometry(x.shape, filterShape, attrs, true));
  }),
  composed(tf.DepthwiseConv2dNativeBackpropInput, (inputs, attrs) => {
    const { inputShape } = attrs as DepthwiseConv2dNativeBackpropInputAttrs;
    const filter = tensorInput(inputs, 'filter');
    return depthwiseInputGrad(tensorInput(inputs, 'dy'), filter, geometry(inputShape, filter.shape, attrs, true));
  }),
];

/**
 * Registers the composed backprop kernels that the WASM backend lacks, and replaces its native
 * Conv2DBackpropInput: that one is a plain loop, 3-12x slower than the composition (a forward
 * convolution, which XNNPACK runs) on the layers fine-tuning trains (measured on VGG16 and
 * MobileNetV2 shapes: 1615 ms against 245 ms for 3x3, 512 channels at 14x14, batch 8).
 * Idempotent. Returns the kernel names this call registered.
 */
export function registerWasmConvGradients(): string[] {
  const registered: string[] = [];
  for (const config of composedKernels) {
    const current = tf.getKernel(config.kernelName, WASM);
    if (current === config) continue;
    if (current !== undefined) tf.unregisterKernel(config.kernelName, WASM);
    tf.registerKernel(config);
    registered.push(config.kernelName);
  }
  return registered;
}

function composed(kernelName: string, run: (inputs: NamedTensorInfoMap, attrs: ConvAttrs) => tf.Tensor4D): KernelConfig {
  return {
    kernelName,
    backendName: WASM,
    kernelFunc: ({ inputs, attrs }) => {
      try {
        return tf.tidy(() => run(inputs, attrs as unknown as ConvAttrs));
      } catch (error) {
        throw new Error(`${kernelName} (composed for wasm): ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

function geometry(xShape: number[], filterShape: number[], attrs: ConvAttrs, depthwise: boolean): ConvGeometry {
  if (attrs.dataFormat === 'NCHW') throw new Error('only NHWC is supported');
  const dilations = attrs.dilations ?? 1;
  if ([dilations].flat().some((d) => d !== 1)) throw new Error('only dilation 1 is supported');
  const { strides, pad, dimRoundingMode } = attrs;
  return tf.backend_util.computeConv2DInfo(
    xShape as Shape4D, filterShape as Shape4D, strides, 1, pad, dimRoundingMode, depthwise);
}

// The engine hands kernels the op's input Tensors. A bare TensorInfo cannot be wrapped safely:
// a Tensor made from it would not hold a backend reference, and disposing it would free the data.
function tensorInput(inputs: NamedTensorInfoMap, name: string): tf.Tensor4D {
  const input = inputs[name];
  if (!(input instanceof tf.Tensor) || input.rank !== 4) throw new Error(`input '${name}' must be a rank-4 Tensor`);
  return input as tf.Tensor4D;
}
