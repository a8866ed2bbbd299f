import type * as tf from '@tensorflow/tfjs';
import { IMAGENET_BGR_MEAN } from '../preprocessing';
import type { PreprocessingMode } from '../types';
import { GraphBuilder } from './graph-builder';

/** A layer this converter has no ONNX translation for; callers fall back to TensorFlow.js. */
export class UnsupportedLayerError extends Error {}

export interface OnnxGraph {
  bytes: Uint8Array;
  /** Per example, NHWC: what `run` takes (RGB pixels 0..255 when preprocessing is built in). */
  inputShape: number[];
  /** Per example: NHWC for a feature map, [C] when pooled, [classes] for a classifier. */
  outputShape: number[];
}

export interface ToOnnxOptions {
  /** Build the preprocessing into the graph, so it takes raw RGB pixels (0..255). */
  preprocessing?: PreprocessingMode;
  /** Average a 4-D output over height and width (the pooled features the head sees). */
  pooled?: boolean;
}

interface Value {
  name: string;
  /** Inside the graph, 4-D values are NCHW (what ONNX Runtime's CPU kernels want). */
  rank: number;
}

interface InboundNode {
  inputTensors: tf.SymbolicTensor[];
}

type LayerConfig = Record<string, unknown>;

/**
 * Writes a TensorFlow.js layers model (single input, single output) as an ONNX graph with its
 * current weights: Conv2D, DepthwiseConv2D, BatchNormalization (inference), ReLU/ReLU6,
 * pooling, zero padding, Add, Dense, Dropout (identity), Flatten. The model is walked from its
 * output, so a prefix or suffix of a larger model converts just as well as a whole one.
 */
export function layersToOnnx(model: tf.LayersModel, options: ToOnnxOptions = {}): OnnxGraph {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new UnsupportedLayerError(`${model.name} has ${model.inputs.length} inputs and ${model.outputs.length} outputs; one of each is supported.`);
  const g = new GraphBuilder();
  const input = model.inputs[0]!;
  const inputShape = input.shape.slice(1) as number[];
  if (inputShape.some((d) => d == null)) throw new UnsupportedLayerError(`${model.name} has an input of unknown size.`);
  const graphInput = g.fresh('pixels');

  let nhwc = graphInput;
  if (options.preprocessing) nhwc = preprocessingNodes(g, nhwc, options.preprocessing);
  const values = new Map<number, Value>();
  values.set(input.id, inputShape.length === 3 ? { name: g.node('Transpose', [nhwc], 'input_nchw', { perm: [0, 3, 1, 2] }), rank: 4 } : { name: nhwc, rank: inputShape.length + 1 });

  const visit = (t: tf.SymbolicTensor): Value => {
    const known = values.get(t.id);
    if (known) return known;
    const layer = t.sourceLayer as tf.layers.Layer;
    const node = (layer as unknown as { inboundNodes: InboundNode[] }).inboundNodes[t.nodeIndex];
    if (!node || layer.getClassName() === 'InputLayer') throw new UnsupportedLayerError(`${model.name} reads '${t.name}', which is not its input.`);
    const inputs = node.inputTensors.map(visit);
    const out = convertLayer(g, layer, inputs, node.inputTensors);
    values.set(t.id, out);
    return out;
  };

  const output = model.outputs[0]!;
  let result = visit(output);
  let outputShape = output.shape.slice(1) as number[];
  if (result.rank === 4) {
    if (options.pooled) {
      result = { name: g.node('ReduceMean', [result.name], 'pooled', { axes: [2, 3], keepdims: 0 }), rank: 2 };
      outputShape = [outputShape[2]!];
    } else {
      result = { name: g.node('Transpose', [result.name], 'output_nhwc', { perm: [0, 2, 3, 1] }), rank: 4 };
    }
  } else if (result.name === graphInput || values.get(input.id)?.name === result.name) {
    result = { name: g.node('Identity', [result.name], 'output'), rank: result.rank };
  }
  const bytes = g.encode({ input: graphInput, inputShape, output: result.name, outputShape });
  return { bytes, inputShape, outputShape };
}

function preprocessingNodes(g: GraphBuilder, pixels: string, mode: PreprocessingMode): string {
  switch (mode) {
    case 'caffe': {
      // RGB → BGR, then subtract the ImageNet means (Keras's caffe mode), on the last axis.
      const bgr = g.node('Gather', [pixels, g.int64s('bgr_order', [2, 1, 0])], 'bgr', { axis: 3 });
      return g.node('Sub', [bgr, g.floats('imagenet_bgr_mean', [3], [...IMAGENET_BGR_MEAN])], 'caffe');
    }
    case 'tf':
      return g.node('Sub', [g.node('Div', [pixels, g.floats('half_range', [], [127.5])], 'scaled'), g.floats('one', [], [1])], 'centered');
    case 'rescale':
      return g.node('Div', [pixels, g.floats('full_range', [], [255])], 'rescaled');
  }
}

function convertLayer(g: GraphBuilder, layer: tf.layers.Layer, inputs: Value[], symbolic: tf.SymbolicTensor[]): Value {
  const config = layer.getConfig() as LayerConfig;
  const name = layer.name;
  const only = () => {
    if (inputs.length !== 1) throw new UnsupportedLayerError(`Layer '${name}' has ${inputs.length} inputs.`);
    return inputs[0]!;
  };
  const nhwcShape = () => symbolic[0]!.shape.slice(1) as number[];
  const weights = () => layer.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }));

  switch (layer.getClassName()) {
    case 'Conv2D': {
      const x = only();
      const [kernel, bias] = weights();
      const [kh, kw, cin, cout] = kernel!.shape as [number, number, number, number];
      const w = g.floats(`${name}_kernel`, [cout, cin, kh, kw], transposeHwioToOihw(kernel!.data, kh, kw, cin, cout));
      const b = bias ? [g.floats(`${name}_bias`, [cout], bias.data)] : [];
      const conv = g.node('Conv', [x.name, w, ...b], name, convAttributes(config, nhwcShape(), [kh, kw]));
      return activation(g, conv, config.activation, name);
    }
    case 'DepthwiseConv2D': {
      const x = only();
      const [kernel, bias] = weights();
      const [kh, kw, cin, multiplier] = kernel!.shape as [number, number, number, number];
      // Keras orders depthwise outputs channel-major (c * multiplier + m): ONNX's grouped Conv
      // with group = channels and weight [C*M, 1, kh, kw] produces the same order.
      const w = g.floats(`${name}_kernel`, [cin * multiplier, 1, kh, kw], transposeHwioToOihw(kernel!.data, kh, kw, 1, cin * multiplier));
      const b = bias ? [g.floats(`${name}_bias`, [cin * multiplier], bias.data)] : [];
      const conv = g.node('Conv', [x.name, w, ...b], name, { ...convAttributes(config, nhwcShape(), [kh, kw]), group: cin });
      return activation(g, conv, config.activation, name);
    }
    case 'BatchNormalization': {
      const x = only();
      const axis = config.axis as number;
      if (x.rank !== 4 || (axis !== -1 && axis !== 3)) throw new UnsupportedLayerError(`BatchNormalization '${name}' on axis ${axis} of a rank-${x.rank} value.`);
      const byKey = weightsByKey(layer);
      const channels = nhwcShape()[2]!;
      const get = (key: string, fill: number) => byKey.get(key) ?? new Float32Array(channels).fill(fill);
      const inputsOf = [
        g.floats(`${name}_gamma`, [channels], get('gamma', 1)),
        g.floats(`${name}_beta`, [channels], get('beta', 0)),
        g.floats(`${name}_mean`, [channels], get('moving_mean', 0)),
        g.floats(`${name}_variance`, [channels], get('moving_variance', 1)),
      ];
      return { name: g.node('BatchNormalization', [x.name, ...inputsOf], name, { epsilon: { float: config.epsilon as number } }), rank: 4 };
    }
    case 'ReLU': {
      const x = only();
      if (config.negativeSlope || config.threshold) throw new UnsupportedLayerError(`ReLU '${name}' with a slope or threshold.`);
      return clipOrRelu(g, x, config.maxValue as number | null | undefined, name);
    }
    case 'Activation': {
      const x = only();
      return activation(g, x.name, config.activation, name, x.rank);
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const x = only();
      const pool = config.poolSize as [number, number];
      const attributes = convAttributes({ ...config, dilationRate: [1, 1] }, nhwcShape(), pool, true);
      const isMax = layer.getClassName() === 'MaxPooling2D';
      // TensorFlow averages over the window's cells inside the image only.
      return { name: g.node(isMax ? 'MaxPool' : 'AveragePool', [x.name], name, isMax ? attributes : { ...attributes, count_include_pad: 0 }), rank: 4 };
    }
    case 'ZeroPadding2D': {
      const x = only();
      const [[top, bottom], [left, right]] = config.padding as [[number, number], [number, number]];
      return { name: g.node('Pad', [x.name, g.int64s(`${name}_pads`, [0, 0, top, left, 0, 0, bottom, right])], name, { mode: 'constant' }), rank: 4 };
    }
    case 'Add':
      return { name: g.node('Sum', inputs.map((v) => v.name), name), rank: inputs[0]!.rank };
    case 'GlobalAveragePooling2D':
      return { name: g.node('ReduceMean', [only().name], name, { axes: [2, 3], keepdims: 0 }), rank: 2 };
    case 'Dropout':
      return only();
    case 'Flatten': {
      const x = only();
      // Keras flattens NHWC, so go back to that order first.
      const source = x.rank === 4 ? g.node('Transpose', [x.name], `${name}_nhwc`, { perm: [0, 2, 3, 1] }) : x.name;
      return { name: g.node('Flatten', [source], name, { axis: 1 }), rank: 2 };
    }
    case 'Dense': {
      const x = only();
      if (x.rank !== 2) throw new UnsupportedLayerError(`Dense '${name}' on a rank-${x.rank} value.`);
      const [kernel, bias] = weights();
      const [units] = kernel!.shape.slice(1) as [number];
      const b = bias ? [g.floats(`${name}_bias`, [units], bias.data)] : [];
      const gemm = g.node('Gemm', [x.name, g.floats(`${name}_kernel`, kernel!.shape, kernel!.data), ...b], name);
      return activation(g, gemm, config.activation, name, 2);
    }
    default:
      throw new UnsupportedLayerError(`Layer '${name}' (${layer.getClassName()}) has no ONNX translation.`);
  }
}

/**
 * TensorFlow's 'same' padding as ONNX pads [top, left, bottom, right]: output ceil(in / stride),
 * the extra cell at the end (bottom/right), like ONNX SAME_UPPER; explicit pads state it without
 * relying on auto_pad.
 */
export function samePads(nhwc: readonly number[], kernel: readonly number[], strides: readonly number[]): number[] {
  const pads = [0, 0, 0, 0];
  for (const axis of [0, 1]) {
    const size = nhwc[axis]!;
    const out = Math.ceil(size / strides[axis]!);
    const total = Math.max((out - 1) * strides[axis]! + kernel[axis]! - size, 0);
    pads[axis] = Math.floor(total / 2);
    pads[axis + 2] = total - Math.floor(total / 2);
  }
  return pads;
}

/** A layer's current weights by their Keras names ('kernel', 'gamma', 'moving_mean', ...). */
export function weightsByKey(layer: tf.LayersModel['layers'][number]): Map<string, Float32Array> {
  return new Map(layer.weights.map((w) => [w.originalName.split('/').pop()!, w.read().dataSync() as Float32Array]));
}

function convAttributes(config: LayerConfig, nhwc: number[], kernel: [number, number], pooling = false): Record<string, number[]> {
  const strides = config.strides as [number, number];
  const dilations = (config.dilationRate as [number, number] | number | undefined) ?? [1, 1];
  if ((Array.isArray(dilations) ? dilations : [dilations, dilations]).some((d) => d !== 1)) throw new UnsupportedLayerError('Dilated convolutions are not translated.');
  if (config.dataFormat && config.dataFormat !== 'channelsLast') throw new UnsupportedLayerError(`Data format ${String(config.dataFormat)} is not translated.`);
  if (config.padding !== 'same' && config.padding !== 'valid') throw new UnsupportedLayerError(`Padding '${String(config.padding)}' is not translated.`);
  const pads = config.padding === 'same' ? samePads(nhwc, kernel, strides) : [0, 0, 0, 0];
  return pooling ? { kernel_shape: kernel, strides, pads } : { kernel_shape: kernel, strides, pads, dilations: [1, 1] };
}

function activation(g: GraphBuilder, value: string, kind: unknown, layerName: string, rank = 4): Value {
  switch (kind ?? 'linear') {
    case 'linear':
      return { name: value, rank };
    case 'relu':
      return { name: g.node('Relu', [value], `${layerName}_relu`), rank };
    case 'relu6':
      return clipOrRelu(g, { name: value, rank }, 6, `${layerName}_relu6`);
    case 'sigmoid':
      return { name: g.node('Sigmoid', [value], `${layerName}_sigmoid`), rank };
    case 'softmax':
      // Keras's softmax is over the last axis: channels, which NCHW keeps at axis 1.
      return { name: g.node('Softmax', [value], `${layerName}_softmax`, { axis: rank === 4 ? 1 : -1 }), rank };
    default:
      throw new UnsupportedLayerError(`Activation '${String(kind)}' of '${layerName}' is not translated.`);
  }
}

function clipOrRelu(g: GraphBuilder, x: Value, maxValue: number | null | undefined, name: string): Value {
  if (maxValue == null) return { name: g.node('Relu', [x.name], name), rank: x.rank };
  return { name: g.node('Clip', [x.name, g.floats(`${name}_min`, [], [0]), g.floats(`${name}_max`, [], [maxValue])], name), rank: x.rank };
}

/** Keras kernel [kh, kw, in, out] → ONNX [out, in, kh, kw]. */
function transposeHwioToOihw(data: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let h = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      for (let i = 0; i < cin; i++) {
        const src = ((h * kw + w) * cin + i) * cout;
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + h) * kw + w] = data[src + o]!;
      }
    }
  }
  return out;
}
