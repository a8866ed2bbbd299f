import type * as tf from '@tensorflow/tfjs';
import type { GraphValue } from '../graph-builder';
import { layerSpec, UnsupportedLayerError, weightValues, type LayerCall, type LayerSpec, type Pads } from '../layer-spec';

export type Shape3 = [number, number, number];

/** A trainable weight: the graph input it is fed as, and its TensorFlow.js variable. */
export interface Param {
  key: string;
  feed: string;
  variable: tf.Variable;
}

interface LayerBase {
  name: string;
  /** NHWC input and output shapes per example. */
  inShape: Shape3;
  outShape: Shape3;
  /** In the order of the layer's trainableWeights. */
  params: Param[];
}

export type ChainLayer = LayerBase &
  (
    | { kind: 'conv' | 'depthwise'; kernel: [number, number]; strides: [number, number]; pads: Pads; relu: boolean; hasBias: boolean }
    | { kind: 'pool'; pool: number }
    /** Inference mode: the moving statistics are constants, gamma and beta train. */
    | { kind: 'bn'; mean: Float32Array; invStd: Float32Array }
    | { kind: 'relu'; max: number | null }
    | { kind: 'pad'; pads: Pads }
    | { kind: 'add' }
    /** Elementwise x * broadcast(y): squeeze-and-excitation's scaling of a feature map by [1, 1, C]. */
    | { kind: 'multiply' }
    /** Elementwise activations whose gradients come from the input (swish) or output (sigmoid). */
    | { kind: 'gate'; fn: 'sigmoid' | 'swish' }
    /** Global average pooling, keeping [1, 1, C] (so the Reshape after it changes nothing). */
    | { kind: 'squeeze' }
    /** Layers that change nothing here: Dropout (inference), Reshape from [C] to [1, 1, C]. */
    | { kind: 'identity' }
  );
export type ConvLayer = ChainLayer & { kind: 'conv' | 'depthwise' };

/**
 * A layer placed in the graph: the values it reads and the one it writes. Value 0 is the input;
 * layer i writes value i + 1, so the values come in the layers' (topological) order.
 */
export interface Placed {
  layer: ChainLayer;
  inputs: number[];
  output: number;
}

export interface Described {
  placed: Placed[];
  /** NHWC per example, by value. */
  shapes: Shape3[];
}

interface LayerNode {
  inboundNodes: LayerCall[];
}

/** The layers in order with what each reads; throws UnsupportedLayerError when the model cannot train on ONNX Runtime. */
export function describeChain(model: tf.LayersModel): Described {
  const valueOf = new Map<number, number>([[model.inputs[0]!.id, 0]]);
  const shapes: Shape3[] = [model.inputs[0]!.shape.slice(1) as Shape3];
  const placed: Placed[] = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer') continue;
    // The layers are shared with the whole backbone: use the call that reads this model's values.
    const node = (layer as unknown as LayerNode).inboundNodes.find((n) => n.inputTensors.every((t) => valueOf.has(t.id)));
    if (!node) throw new UnsupportedLayerError(`layer '${layer.name}' reads a value from outside the unfrozen layers`);
    if (node.inputTensors.length !== 1 && kind !== 'Add' && kind !== 'Multiply') throw new UnsupportedLayerError(`layer '${layer.name}' has ${node.inputTensors.length} inputs`);
    const params = layer.trainableWeights.map((w) => {
      const key = w.originalName.split('/').pop()!;
      return { key, feed: `${layer.name}_${key}`, variable: w.read() as tf.Variable };
    });
    // A convolution with a sigmoid or swish places two layers: the convolution, then its activation.
    const [described, ...after] = chainLayers(layerSpec(layer, node), params);
    // Every weight but BatchNorm's moving statistics must train, and be one the graphs feed.
    const expected = described!.kind === 'bn' ? ['gamma', 'beta'] : described!.kind === 'conv' || described!.kind === 'depthwise' ? [described!.kind === 'conv' ? 'kernel' : 'depthwise_kernel', ...(described!.hasBias ? ['bias'] : [])] : [];
    if (params.map((p) => p.key).join() !== expected.join()) throw new UnsupportedLayerError(`the weights of '${layer.name}' are not all trainable`);
    let reads = node.inputTensors.map((t) => valueOf.get(t.id)!);
    for (const each of [described!, ...after]) {
      const output = shapes.length;
      placed.push({ layer: each, inputs: reads, output });
      shapes.push(each.outShape);
      reads = [output];
    }
    valueOf.set(node.outputTensors[0]!.id, shapes.length - 1);
  }
  if (placed.length === 0) throw new UnsupportedLayerError('there are no layers to train');
  if (valueOf.get(model.outputs[0]!.id) !== shapes.length - 1) throw new UnsupportedLayerError('the last layer does not give the output');
  const unread = placed.find((p) => p.output < shapes.length - 1 && !placed.some((q) => q.inputs.includes(p.output)));
  if (unread) throw new UnsupportedLayerError(`nothing reads the output of '${unread.layer.name}'`);
  return { placed, shapes };
}

/** The spec as layers the chain's graphs can differentiate, or UnsupportedLayerError. */
function chainLayers(spec: LayerSpec, params: Param[]): ChainLayer[] {
  const base: LayerBase = { name: spec.name, inShape: spec.inShapes[0] as Shape3, outShape: spec.outShape as Shape3, params };
  const { name, inShape } = base;
  switch (spec.kind) {
    case 'conv': {
      const conv = { ...base, kind: spec.depthwise ? 'depthwise' : 'conv', kernel: spec.kernel, strides: spec.strides, pads: spec.pads, relu: spec.activation === 'relu', hasBias: spec.useBias } as const;
      if (spec.activation === 'relu' || spec.activation === 'linear') return [conv];
      if (spec.activation !== 'sigmoid' && spec.activation !== 'swish') throw new UnsupportedLayerError(`convolution '${name}' has activation ${spec.activation}`);
      return [conv, { ...base, name: `${name}_${spec.activation}`, inShape: base.outShape, params: [], kind: 'gate', fn: spec.activation }];
    }
    case 'pool': {
      const [p, q] = spec.pool;
      if (spec.op !== 'max') break;
      if (p !== q || spec.strides[0] !== p || spec.strides[1] !== p || spec.pads.some((x) => x !== 0) || inShape[0] % p || inShape[1] % p) {
        throw new UnsupportedLayerError(`max pooling '${name}' is not a non-overlapping tiling of its input`);
      }
      return [{ ...base, kind: 'pool', pool: p }];
    }
    case 'batchNorm': {
      if (!spec.weights.has('gamma') || !spec.weights.has('beta')) throw new UnsupportedLayerError(`batch normalization '${name}' is not a per-channel scale and shift`);
      const variance = weightValues(spec, 'moving_variance')!;
      return [{ ...base, kind: 'bn', mean: Float32Array.from(weightValues(spec, 'moving_mean')!), invStd: variance.map((v) => 1 / Math.sqrt(v + spec.epsilon)) }];
    }
    case 'activation':
      if (spec.activation === 'sigmoid' || spec.activation === 'swish') return [{ ...base, kind: 'gate', fn: spec.activation }];
      if (spec.activation !== 'relu' && spec.activation !== 'relu6') break;
      return [{ ...base, kind: 'relu', max: spec.activation === 'relu6' ? 6 : null }];
    case 'pad':
      return [{ ...base, kind: 'pad', pads: spec.pads }];
    case 'add':
      return [{ ...base, kind: 'add' }];
    case 'multiply': {
      const [, other] = spec.inShapes as [Shape3, Shape3];
      if (other.join() !== inShape.join() && other.join() !== [1, 1, inShape[2]].join()) throw new UnsupportedLayerError(`multiply '${name}' scales by a ${other.join('x')} value`);
      return [{ ...base, kind: 'multiply' }];
    }
    case 'globalAveragePool':
      return [{ ...base, outShape: [1, 1, inShape[2]], kind: 'squeeze' }];
    case 'reshape': {
      const [c] = spec.inShapes[0]!;
      if (spec.inShapes[0]!.length !== 1 || spec.targetShape.join() !== [1, 1, c].join()) throw new UnsupportedLayerError(`reshape '${name}' is not [C] to [1, 1, C]`);
      return [{ ...base, inShape: [1, 1, c!], kind: 'identity' }];
    }
    case 'identity':
      return [{ ...base, kind: 'identity' }];
    default:
      break;
  }
  throw new UnsupportedLayerError(`layer '${name}' is a ${spec.className}${spec.kind === 'activation' ? ` (${spec.activation})` : ''}, which the chain does not train`);
}

export function nchw([h, w, c]: Shape3): number[] {
  return [c, h, w];
}

export function weightInputs(placed: Placed[]): GraphValue[] {
  return placed.flatMap(({ layer }) => layer.params.map((p) => ({ name: p.feed, dims: p.variable.shape, batch: false as const })));
}

/** A batched graph value: NHWC for what TensorFlow.js exchanges, NCHW for saved activations. */
export function batched(name: string, perExample: number[]): GraphValue {
  return { name, dims: perExample };
}
