import type * as tf from '@tensorflow/tfjs';
import { IMAGENET_BGR_MEAN } from '../preprocessing';
import type { PreprocessingMode } from '../types';
import { GraphBuilder } from './graph-builder';
import { layerSpec, normalizationTerms, UnsupportedLayerError, weightValues, type ActivationKind, type LayerCall, type LayerSpec } from './layer-spec';

export { UnsupportedLayerError } from './layer-spec';

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

/**
 * Writes a TensorFlow.js layers model (single input, single output) as an ONNX graph with its
 * current weights: every layer kind `layerSpec` describes (convolutions, BatchNorm in inference,
 * activations, pooling, padding, Add and Multiply, Dense, Rescaling and Normalization, Reshape,
 * Flatten, Dropout as identity). The model is walked from its
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
    const node = (layer as unknown as { inboundNodes: LayerCall[] }).inboundNodes[t.nodeIndex];
    if (!node || layer.getClassName() === 'InputLayer') throw new UnsupportedLayerError(`${model.name} reads '${t.name}', which is not its input.`);
    const inputs = node.inputTensors.map(visit);
    const out = convertLayer(g, layerSpec(layer, node), inputs);
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
    case 'none':
      return pixels;
  }
}

function convertLayer(g: GraphBuilder, spec: LayerSpec, inputs: Value[]): Value {
  const { name } = spec;
  const x = inputs[0]!;
  const values = (key: string) => weightValues(spec, key);
  switch (spec.kind) {
    case 'conv': {
      const kernel = spec.weights.get(spec.depthwise ? 'depthwise_kernel' : 'kernel')!;
      const [kh, kw, cin, m] = kernel.shape as [number, number, number, number];
      // Keras orders depthwise outputs channel-major (c * multiplier + m): ONNX's grouped Conv
      // with group = channels and weight [C*M, 1, kh, kw] produces the same order.
      const [inPerGroup, cout] = spec.depthwise ? [1, cin * m] : [cin, m];
      const w = g.floats(`${name}_kernel`, [cout, inPerGroup, kh, kw], transposeHwioToOihw(values(spec.depthwise ? 'depthwise_kernel' : 'kernel')!, kh, kw, inPerGroup, cout));
      const b = spec.useBias ? [g.floats(`${name}_bias`, [cout], values('bias')!)] : [];
      const attributes = { kernel_shape: spec.kernel, strides: spec.strides, pads: spec.pads, dilations: [1, 1], ...(spec.depthwise ? { group: cin } : {}) };
      return activation(g, { name: g.node('Conv', [x.name, w, ...b], name, attributes), rank: 4 }, spec.activation, name);
    }
    case 'dense': {
      if (x.rank !== 2) throw new UnsupportedLayerError(`dense layer '${name}' reads a rank-${x.rank} value`);
      const kernel = spec.weights.get('kernel')!;
      const b = spec.useBias ? [g.floats(`${name}_bias`, [kernel.shape[1]!], values('bias')!)] : [];
      const gemm = g.node('Gemm', [x.name, g.floats(`${name}_kernel`, kernel.shape as number[], values('kernel')!), ...b], name);
      return activation(g, { name: gemm, rank: 2 }, spec.activation, name);
    }
    case 'batchNorm': {
      const channels = spec.outShape[2]!;
      const get = (key: string, fill: number) => values(key) ?? new Float32Array(channels).fill(fill);
      const inputsOf = [
        g.floats(`${name}_gamma`, [channels], get('gamma', 1)),
        g.floats(`${name}_beta`, [channels], get('beta', 0)),
        g.floats(`${name}_mean`, [channels], get('moving_mean', 0)),
        g.floats(`${name}_variance`, [channels], get('moving_variance', 1)),
      ];
      return { name: g.node('BatchNormalization', [x.name, ...inputsOf], name, { epsilon: { float: spec.epsilon } }), rank: 4 };
    }
    case 'activation':
      return activation(g, x, spec.activation, name);
    case 'pool': {
      const attributes = { kernel_shape: spec.pool, strides: spec.strides, pads: spec.pads };
      // TensorFlow averages over the window's cells inside the image only.
      if (spec.op === 'max') return { name: g.node('MaxPool', [x.name], name, attributes), rank: 4 };
      return { name: g.node('AveragePool', [x.name], name, { ...attributes, count_include_pad: 0 }), rank: 4 };
    }
    case 'globalAveragePool':
      return { name: g.node('ReduceMean', [x.name], name, { axes: [2, 3], keepdims: 0 }), rank: 2 };
    case 'pad': {
      const [top, left, bottom, right] = spec.pads;
      return { name: g.node('Pad', [x.name, g.int64s(`${name}_pads`, [0, 0, top, left, 0, 0, bottom, right])], name, { mode: 'constant' }), rank: 4 };
    }
    case 'add':
      return { name: g.node('Sum', inputs.map((v) => v.name), name), rank: x.rank };
    case 'multiply':
      // NCHW broadcasts as NHWC does: squeeze-and-excitation's [N, C, 1, 1] over [N, C, H, W].
      return { name: g.node('Mul', inputs.map((v) => v.name), name), rank: Math.max(...inputs.map((v) => v.rank)) };
    case 'rescale': {
      const scaled = g.node('Mul', [x.name, channelConstant(g, `${name}_scale`, spec.scale, x.rank)], `${name}_scaled`);
      return { name: g.node('Add', [scaled, channelConstant(g, `${name}_offset`, spec.offset, x.rank)], name), rank: x.rank };
    }
    case 'normalize': {
      const { mean, invStd } = normalizationTerms(spec);
      const centered = g.node('Sub', [x.name, channelConstant(g, `${name}_mean`, [...mean], 4)], `${name}_centered`);
      return { name: g.node('Mul', [centered, channelConstant(g, `${name}_inv_std`, [...invStd], 4)], name), rank: 4 };
    }
    case 'reshape': {
      // Keras reshapes NHWC: go back to that order, reshape, and into NCHW again for an image.
      const source = x.rank === 4 ? g.node('Transpose', [x.name], `${name}_nhwc`, { perm: [0, 2, 3, 1] }) : x.name;
      const reshaped = g.node('Reshape', [source, g.int64s(`${name}_shape`, [0, ...spec.targetShape])], spec.targetShape.length === 3 ? `${name}_nhwc_out` : name);
      if (spec.targetShape.length !== 3) return { name: reshaped, rank: spec.targetShape.length + 1 };
      return { name: g.node('Transpose', [reshaped], name, { perm: [0, 3, 1, 2] }), rank: 4 };
    }
    case 'flatten': {
      // Keras flattens NHWC, so go back to that order first.
      const source = x.rank === 4 ? g.node('Transpose', [x.name], `${name}_nhwc`, { perm: [0, 2, 3, 1] }) : x.name;
      return { name: g.node('Flatten', [source], name, { axis: 1 }), rank: 2 };
    }
    case 'identity':
      return x;
  }
}

/** A scalar, or a per-channel vector shaped to broadcast over NCHW ([C, 1, 1]) or [N, C]. */
function channelConstant(g: GraphBuilder, hint: string, value: number | number[], rank: number): string {
  if (typeof value === 'number') return g.floats(hint, [], [value]);
  return g.floats(hint, rank === 4 ? [value.length, 1, 1] : [value.length], value);
}

function activation(g: GraphBuilder, x: Value, kind: ActivationKind, layerName: string): Value {
  const { rank } = x;
  switch (kind) {
    case 'linear':
      return x;
    case 'relu':
      return { name: g.node('Relu', [x.name], `${layerName}_relu`), rank };
    case 'relu6':
      return { name: g.node('Clip', [x.name, g.floats(`${layerName}_min`, [], [0]), g.floats(`${layerName}_max`, [], [6])], `${layerName}_relu6`), rank };
    case 'sigmoid':
      return { name: g.node('Sigmoid', [x.name], `${layerName}_sigmoid`), rank };
    case 'swish':
      // x * sigmoid(x): opset 17 has no Swish operator.
      return { name: g.node('Mul', [x.name, g.node('Sigmoid', [x.name], `${layerName}_gate`)], `${layerName}_swish`), rank };
    case 'softmax':
      // Keras's softmax is over the last axis: channels, which NCHW keeps at axis 1.
      return { name: g.node('Softmax', [x.name], `${layerName}_softmax`, { axis: rank === 4 ? 1 : -1 }), rank };
  }
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
