import type * as tf from '@tensorflow/tfjs';
import { NORMALIZATION_EPSILON } from '../backbones/keras-preprocessing-layers';

/**
 * A layer the ONNX converters cannot express (a kind not listed below, dilation, a ReLU slope, a
 * data format other than channels-last). Callers fall back to TensorFlow.js.
 */
export class UnsupportedLayerError extends Error {}

/** The activations both converters know, as Keras names them (ReLU layers with max 6 are 'relu6'). */
export type ActivationKind = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'softmax' | 'swish';

/** [top, left, bottom, right], the order both converters hand to ONNX (spatial axes only). */
export type Pads = [number, number, number, number];

interface SpecBase {
  name: string;
  /** The TensorFlow.js class name, for messages. */
  className: string;
  /** Per example, of each input and of the output (NHWC for images). */
  inShapes: number[][];
  outShape: number[];
  /** The layer's weights by their Keras names ('kernel', 'gamma', 'moving_mean', ...). */
  weights: Map<string, tf.LayerVariable>;
}

export type LayerSpec = SpecBase &
  (
    | { kind: 'conv'; depthwise: boolean; kernel: [number, number]; strides: [number, number]; pads: Pads; activation: ActivationKind; useBias: boolean }
    | { kind: 'dense'; activation: ActivationKind; useBias: boolean }
    /** Inference mode: normalised by the moving statistics. */
    | { kind: 'batchNorm'; epsilon: number }
    | { kind: 'activation'; activation: ActivationKind }
    | { kind: 'pool'; op: 'max' | 'average'; pool: [number, number]; strides: [number, number]; pads: Pads }
    | { kind: 'globalAveragePool' }
    | { kind: 'pad'; pads: Pads }
    | { kind: 'add' }
    | { kind: 'multiply' }
    /** x * scale + offset (Keras's Rescaling), each a scalar or one value per channel. */
    | { kind: 'rescale'; scale: number | number[]; offset: number | number[] }
    /** (x - mean) / max(sqrt(variance), 1e-7) per channel (Keras's Normalization, adapted). */
    | { kind: 'normalize' }
    | { kind: 'reshape'; targetShape: number[] }
    | { kind: 'flatten' }
    /** Dropout: nothing at inference. */
    | { kind: 'identity' }
  );

export type LayerSpecOf<K extends LayerSpec['kind']> = LayerSpec & { kind: K };

/** The inbound call of a layer whose inputs and output a spec describes. */
export interface LayerCall {
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
}

type Config = Record<string, unknown>;

/** Describes `layer` as called by `call`, or throws UnsupportedLayerError saying why it cannot be. */
export function layerSpec(layer: tf.layers.Layer, call: LayerCall): LayerSpec {
  const config = layer.getConfig() as Config;
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') throw new UnsupportedLayerError(`layer '${layer.name}' is ${String(config.dataFormat)}; only channels-last is translated`);
  const inShapes = call.inputTensors.map((t) => t.shape.slice(1) as number[]);
  if (inShapes.flat().some((d) => d == null)) throw new UnsupportedLayerError(`layer '${layer.name}' has an input of unknown size`);
  const base: SpecBase = {
    name: layer.name,
    className: layer.getClassName(),
    inShapes,
    outShape: call.outputTensors[0]!.shape.slice(1) as number[],
    weights: new Map(layer.weights.map((w) => [w.originalName.split('/').pop()!, w])),
  };
  const only = () => {
    if (inShapes.length !== 1) throw new UnsupportedLayerError(`layer '${layer.name}' has ${inShapes.length} inputs`);
    return inShapes[0]!;
  };
  switch (base.className) {
    case 'Conv2D':
    case 'DepthwiseConv2D': {
      const depthwise = base.className === 'DepthwiseConv2D';
      if ([config.dilationRate ?? 1].flat().some((d) => d !== 1)) throw new UnsupportedLayerError(`convolution '${layer.name}' is dilated`);
      if (depthwise && config.depthMultiplier !== 1) throw new UnsupportedLayerError(`depthwise convolution '${layer.name}' has a channel multiplier of ${String(config.depthMultiplier)}`);
      const kernel = config.kernelSize as [number, number];
      const strides = config.strides as [number, number];
      return { ...base, kind: 'conv', depthwise, kernel, strides, pads: windowPads(layer.name, config.padding, only(), kernel, strides), activation: activationKind(layer.name, config.activation), useBias: Boolean(config.useBias) };
    }
    case 'Dense':
      if (only().length !== 1) throw new UnsupportedLayerError(`dense layer '${layer.name}' reads a rank-${only().length + 1} value`);
      return { ...base, kind: 'dense', activation: activationKind(layer.name, config.activation), useBias: Boolean(config.useBias) };
    case 'BatchNormalization': {
      const axis = config.axis as number;
      if (only().length !== 3 || (axis !== -1 && axis !== 3)) throw new UnsupportedLayerError(`batch normalization '${layer.name}' is not per channel of an image`);
      if (!base.weights.has('moving_mean') || !base.weights.has('moving_variance')) throw new UnsupportedLayerError(`batch normalization '${layer.name}' has no moving statistics`);
      return { ...base, kind: 'batchNorm', epsilon: config.epsilon as number };
    }
    case 'ReLU': {
      only();
      if (config.negativeSlope || config.threshold) throw new UnsupportedLayerError(`ReLU '${layer.name}' has a slope or threshold`);
      const max = config.maxValue as number | null | undefined;
      if (max != null && max !== 6) throw new UnsupportedLayerError(`ReLU '${layer.name}' is capped at ${max}; only 6 is translated`);
      return { ...base, kind: 'activation', activation: max == null ? 'relu' : 'relu6' };
    }
    case 'Activation':
      only();
      return { ...base, kind: 'activation', activation: activationKind(layer.name, config.activation) };
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const pool = config.poolSize as [number, number];
      const strides = config.strides as [number, number];
      return { ...base, kind: 'pool', op: base.className === 'MaxPooling2D' ? 'max' : 'average', pool, strides, pads: windowPads(layer.name, config.padding, only(), pool, strides) };
    }
    case 'GlobalAveragePooling2D':
      only();
      return { ...base, kind: 'globalAveragePool' };
    case 'ZeroPadding2D': {
      only();
      const [[top, bottom], [left, right]] = config.padding as [[number, number], [number, number]];
      return { ...base, kind: 'pad', pads: [top, left, bottom, right] };
    }
    case 'Add':
    case 'Multiply':
      if (inShapes.length !== 2) throw new UnsupportedLayerError(`layer '${layer.name}' has ${inShapes.length} inputs; two are translated`);
      return { ...base, kind: base.className === 'Add' ? 'add' : 'multiply' };
    case 'Rescaling':
    case 'ChannelRescaling':
      only();
      return { ...base, kind: 'rescale', scale: config.scale as number | number[], offset: (config.offset as number | number[] | undefined) ?? 0 };
    case 'Normalization': {
      const axis = config.axis as number;
      if (only().length !== 3 || (axis !== -1 && axis !== 3)) throw new UnsupportedLayerError(`normalization '${layer.name}' is not per channel of an image`);
      return { ...base, kind: 'normalize' };
    }
    case 'Reshape':
      only();
      return { ...base, kind: 'reshape', targetShape: config.targetShape as number[] };
    case 'Flatten':
      only();
      return { ...base, kind: 'flatten' };
    case 'Dropout':
      only();
      return { ...base, kind: 'identity' };
    default:
      throw new UnsupportedLayerError(`layer '${layer.name}' is a ${base.className}, which has no ONNX translation`);
  }
}

function activationKind(layerName: string, activation: unknown): ActivationKind {
  const kind = (activation ?? 'linear') as string;
  if (['linear', 'relu', 'relu6', 'sigmoid', 'softmax', 'swish'].includes(kind)) return kind as ActivationKind;
  throw new UnsupportedLayerError(`layer '${layerName}' has activation ${kind}`);
}

function windowPads(layerName: string, padding: unknown, nhwc: number[], window: [number, number], strides: [number, number]): Pads {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') return samePads(nhwc, window, strides);
  throw new UnsupportedLayerError(`layer '${layerName}' has padding '${String(padding)}'`);
}

/**
 * TensorFlow's 'same' padding as [top, left, bottom, right]: output ceil(in / stride), the extra
 * cell at the end (bottom/right), like ONNX SAME_UPPER; explicit pads state it without relying on
 * auto_pad.
 */
export function samePads(nhwc: readonly number[], kernel: readonly number[], strides: readonly number[]): Pads {
  const pads: Pads = [0, 0, 0, 0];
  for (const axis of [0, 1]) {
    const size = nhwc[axis]!;
    const out = Math.ceil(size / strides[axis]!);
    const total = Math.max((out - 1) * strides[axis]! + kernel[axis]! - size, 0);
    pads[axis] = Math.floor(total / 2);
    pads[axis + 2] = total - Math.floor(total / 2);
  }
  return pads;
}

/** A spec's weight as values (the variable's current contents). */
export function weightValues(spec: LayerSpec, key: string): Float32Array | undefined {
  return spec.weights.get(key)?.read().dataSync() as Float32Array | undefined;
}

/** A Normalization layer's per-channel mean and 1 / max(sqrt(variance), epsilon). */
export function normalizationTerms(spec: LayerSpecOf<'normalize'>): { mean: Float32Array; invStd: Float32Array } {
  const mean = weightValues(spec, 'mean');
  const variance = weightValues(spec, 'variance');
  if (!mean || !variance) throw new UnsupportedLayerError(`normalization '${spec.name}' has no mean and variance`);
  return { mean, invStd: variance.map((v) => 1 / Math.max(Math.sqrt(v), NORMALIZATION_EPSILON)) };
}
