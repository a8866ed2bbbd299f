import type * as tf from '@tensorflow/tfjs';
import { onnxUnavailableReason } from './frozen-network';
import { GraphBuilder, type GraphValue } from './graph-builder';
import { createSession, loadOnnxRuntime, type OrtSession, type OrtTensor } from './onnx-runtime';

/**
 * The unfrozen layers of a fine-tuning run, when they form a plain chain of 3x3-style
 * convolutions (stride 1, ReLU or linear) and non-overlapping max pooling, as VGG16's blocks do:
 * their forward pass and gradients run on ONNX Runtime (every core, its tuned convolutions), with
 * the weights fed in as inputs on each step so they can change. TensorFlow.js keeps the weights,
 * the head, the loss and Adam. Anything else (BatchNorm, depthwise, residual links) trains on
 * TensorFlow.js; `buildTrainableChain` returns null for it.
 */
export interface TrainableChain {
  /** Layer input per example, NHWC. */
  readonly inputShape: number[];
  /** Chain output (the feature map the head reads) per example, NHWC. */
  readonly outputShape: number[];
  /** The chain's trainable variables, in the order `backward` returns their gradients. */
  readonly variables: tf.Variable[];
  forward(x: Float32Array, count: number): Promise<ChainActivations>;
  /** Gradients for `variables`, given dLoss/dOutput (NHWC) for the batch `forward` produced. */
  backward(activations: ChainActivations, outputGrad: Float32Array): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface ChainActivations {
  count: number;
  /** NHWC, what the head reads. */
  output: Float32Array;
  /** Every layer's input and output (NCHW inside the graphs), kept for the backward pass. */
  saved: Float32Array[];
}

interface ChainLayer {
  kind: 'conv' | 'pool';
  name: string;
  /** NHWC input shape per example. */
  inShape: [number, number, number];
  outShape: [number, number, number];
  kernel: [number, number];
  pads: number[];
  relu: boolean;
  hasBias: boolean;
  pool: number;
}

/** A chain for `model` (the unfrozen suffix), or the reason it cannot be one or should not be used. */
export async function buildTrainableChain(model: tf.LayersModel): Promise<TrainableChain | string> {
  const unavailable = await onnxUnavailableReason();
  if (unavailable) return unavailable;
  const ort = await loadOnnxRuntime();
  if (ort instanceof Error) return ort.message;
  const layers = describeChain(model);
  if (typeof layers === 'string') return layers;
  const convLayers = model.layers.filter((l) => layers.some((c) => c.kind === 'conv' && c.name === l.name));
  const variables = convLayers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  const expected = layers.reduce((n, l) => n + (l.kind === 'conv' ? (l.hasBias ? 2 : 1) : 0), 0);
  if (variables.length !== expected) return 'some of its convolutions are not trainable';
  const [forwardBytes, backwardBytes] = [forwardGraph(layers), backwardGraph(layers)];
  const [forwardSession, backwardSession] = await Promise.all([createSession(forwardBytes), createSession(backwardBytes)]);
  const inputShape = layers[0]!.inShape;
  const outputShape = layers[layers.length - 1]!.outShape;
  const convs = layers.filter((l) => l.kind === 'conv');
  const weightFeeds = () => {
    const feeds: Record<string, OrtTensor> = {};
    let v = 0;
    for (const conv of convs) {
      const kernel = variables[v++]!;
      feeds[`${conv.name}_kernel`] = new ort.Tensor('float32', kernel.dataSync() as Float32Array, kernel.shape);
      if (conv.hasBias) {
        const bias = variables[v++]!;
        feeds[`${conv.name}_bias`] = new ort.Tensor('float32', bias.dataSync() as Float32Array, bias.shape);
      }
    }
    return feeds;
  };
  const run = async (session: OrtSession, feeds: Record<string, OrtTensor>) => {
    const out = await session.run(feeds);
    return session.outputNames.map((n) => out[n]!.data as Float32Array);
  };
  return {
    inputShape,
    outputShape,
    variables,
    async forward(x, count) {
      const outputs = await run(forwardSession, { ...weightFeeds(), x: new ort.Tensor('float32', x, [count, ...inputShape]) });
      return { count, output: outputs[0]!, saved: outputs.slice(1) };
    },
    async backward(activations, outputGrad) {
      const feeds = weightFeeds();
      activations.saved.forEach((a, i) => (feeds[`saved_${i}`] = new ort.Tensor('float32', a, [activations.count, ...savedShape(layers, i)])));
      feeds.output_grad = new ort.Tensor('float32', outputGrad, [activations.count, ...outputShape]);
      return run(backwardSession, feeds);
    },
    async dispose() {
      await Promise.all([forwardSession.release(), backwardSession.release()]);
    },
  };
}

/** The chain's layers, or why the model is not such a chain. */
function describeChain(model: tf.LayersModel): ChainLayer[] | string {
  const layers: ChainLayer[] = [];
  let previous: tf.SymbolicTensor = model.inputs[0]!;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer') continue;
    const node = (layer as unknown as { inboundNodes: { inputTensors: tf.SymbolicTensor[]; outputTensors: tf.SymbolicTensor[] }[] }).inboundNodes.find((n) => n.inputTensors[0]?.id === previous.id);
    if (!node || node.inputTensors.length !== 1) return `layer '${layer.name}' does not simply follow the one before it`;
    const config = layer.getConfig() as Record<string, unknown>;
    const inShape = node.inputTensors[0]!.shape.slice(1) as [number, number, number];
    const outShape = node.outputTensors[0]!.shape.slice(1) as [number, number, number];
    if (kind === 'Conv2D') {
      const kernel = config.kernelSize as [number, number];
      const strides = config.strides as [number, number];
      const dilation = config.dilationRate as [number, number] | number;
      if (strides.some((s) => s !== 1) || [dilation].flat().some((d) => d !== 1)) return `convolution '${layer.name}' is strided or dilated`;
      if (config.activation !== 'relu' && config.activation !== 'linear') return `convolution '${layer.name}' has activation ${String(config.activation)}`;
      const pads = config.padding === 'same' ? samePads(kernel) : [0, 0, 0, 0];
      layers.push({ kind: 'conv', name: layer.name, inShape, outShape, kernel, pads, relu: config.activation === 'relu', hasBias: Boolean(config.useBias), pool: 1 });
    } else if (kind === 'MaxPooling2D') {
      const pool = config.poolSize as [number, number];
      const strides = config.strides as [number, number];
      if (pool[0] !== pool[1] || strides[0] !== pool[0] || strides[1] !== pool[1] || config.padding !== 'valid' || inShape[0] % pool[0] || inShape[1] % pool[0]) {
        return `max pooling '${layer.name}' is not a non-overlapping tiling of its input`;
      }
      layers.push({ kind: 'pool', name: layer.name, inShape, outShape, kernel: pool, pads: [0, 0, 0, 0], relu: false, hasBias: false, pool: pool[0] });
    } else {
      return `layer '${layer.name}' is a ${kind}`;
    }
    previous = node.outputTensors[0]!;
  }
  if (layers.length === 0) return 'there are no layers to train';
  if (previous.id !== model.outputs[0]!.id) return 'the chain does not end at the output';
  return layers;
}

// Stride-1 'same' padding: TensorFlow puts the odd cell at the end.
function samePads([kh, kw]: [number, number]): number[] {
  return [Math.floor((kh - 1) / 2), Math.floor((kw - 1) / 2), Math.ceil((kh - 1) / 2), Math.ceil((kw - 1) / 2)];
}

function nchw([h, w, c]: [number, number, number]): number[] {
  return [c, h, w];
}

/** saved_0 is the chain's input, saved_i the output of layer i (NCHW). */
function savedShape(layers: ChainLayer[], i: number): number[] {
  return nchw(i === 0 ? layers[0]!.inShape : layers[i - 1]!.outShape);
}

function kernelOihw(g: GraphBuilder, conv: ChainLayer): string {
  return g.node('Transpose', [`${conv.name}_kernel`], `${conv.name}_oihw`, { perm: [3, 2, 0, 1] });
}

function forwardGraph(layers: ChainLayer[]): Uint8Array {
  const g = new GraphBuilder();
  const inputs = [batched('x', layers[0]!.inShape), ...weightInputs(layers)];
  let a = g.node('Transpose', ['x'], 'saved_0', { perm: [0, 3, 1, 2] });
  const saved = [a];
  for (const [i, layer] of layers.entries()) {
    const name = `saved_${i + 1}`;
    if (layer.kind === 'conv') {
      const bias = layer.hasBias ? [`${layer.name}_bias`] : [];
      const z = g.node('Conv', [a, kernelOihw(g, layer), ...bias], layer.relu ? `${layer.name}_z` : name, { kernel_shape: layer.kernel, pads: layer.pads, strides: [1, 1] });
      a = layer.relu ? g.node('Relu', [z], name) : z;
    } else {
      a = g.node('MaxPool', [a], name, { kernel_shape: layer.kernel, strides: layer.kernel });
    }
    saved.push(a);
  }
  const output = g.node('Transpose', [a], 'output', { perm: [0, 2, 3, 1] });
  // The last saved value is the output itself (NCHW); the backward pass needs it only for a pool's mask.
  return g.encodeGraph(inputs, [batched(output, layers[layers.length - 1]!.outShape), ...saved.map((s, i) => batched(s, savedShape(layers, i)))]);
}

/**
 * Reverse-mode through the chain: ReLU masks from saved outputs, max-pool gradients routed to
 * the cells that held each window's maximum, weight gradients as a convolution of the layer
 * input with the output gradient (batch and channel axes swapped), input gradients as a
 * transposed convolution. The chain's input gradient is not needed (the layers before are frozen).
 */
function backwardGraph(layers: ChainLayer[]): Uint8Array {
  const g = new GraphBuilder();
  const inputs = [
    ...weightInputs(layers),
    ...layers.map((_, i) => batched(`saved_${i}`, savedShape(layers, i))),
    batched(`saved_${layers.length}`, savedShape(layers, layers.length)),
    batched('output_grad', layers[layers.length - 1]!.outShape),
  ];
  let grad = g.node('Transpose', ['output_grad'], 'grad_out', { perm: [0, 3, 1, 2] });
  const outputs: { name: string; shape: number[] }[][] = [];
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const input = `saved_${i}`;
    const output = `saved_${i + 1}`;
    if (layer.kind === 'pool') {
      const [h, w, c] = layer.inShape;
      const up = (t: string, hint: string) => upsample(g, t, layer.pool, [c, h, w], hint);
      const isMax = g.node('Cast', [g.node('Equal', [input, up(output, `${layer.name}_max_up`)], `${layer.name}_is_max`)], `${layer.name}_mask`, { to: 1 });
      grad = g.node('Mul', [up(grad, `${layer.name}_grad_up`), isMax], `${layer.name}_grad_in`);
      continue;
    }
    const gz = layer.relu
      ? g.node('Mul', [grad, g.node('Cast', [g.node('Greater', [output, g.floats('zero', [], [0])], `${layer.name}_active`)], `${layer.name}_relu_mask`, { to: 1 })], `${layer.name}_grad_z`)
      : grad;
    const dw = kernelGradient(g, layer, input, gz);
    const [cin, cout] = [layer.inShape[2], layer.outShape[2]];
    const layerOutputs = [{ name: dw, shape: [...layer.kernel, cin, cout] }];
    if (layer.hasBias) layerOutputs.push({ name: g.node('ReduceSum', [gz, g.int64s(`${layer.name}_bias_axes`, [0, 2, 3])], `${layer.name}_bias_grad`, { keepdims: 0 }), shape: [cout] });
    outputs.unshift(layerOutputs);
    if (i > 0) grad = g.node('ConvTranspose', [gz, kernelOihw(g, layer)], `${layer.name}_grad_in`, { kernel_shape: layer.kernel, pads: layer.pads, strides: [1, 1] });
  }
  return g.encodeGraph(inputs, outputs.flat().map((o) => ({ name: o.name, dims: o.shape, batch: false })));
}

/**
 * dW[kh, kw, i, o] = Σ_n,y,x x_padded[n, i, y + kh, x + kw] · gz[n, o, y, x]: one matrix product
 * per kernel tap ([Cin, N·H·W] × [N·H·W, Cout]), so every product is large and square-ish, which
 * is what GEMM kernels are fast at (a convolution with the batch as channels is not).
 */
function kernelGradient(g: GraphBuilder, layer: ChainLayer, input: string, gz: string): string {
  const cin = layer.inShape[2];
  const [outH, outW, cout] = layer.outShape;
  const [top, left, bottom, right] = layer.pads as [number, number, number, number];
  const padded = g.node('Pad', [input, g.int64s(`${layer.name}_x_pads`, [0, 0, top, left, 0, 0, bottom, right])], `${layer.name}_x_padded`, { mode: 'constant' });
  const gzRows = g.node('Reshape', [g.node('Transpose', [gz], `${layer.name}_gz_nhwc`, { perm: [0, 2, 3, 1] }), g.int64s(`${layer.name}_gz_rows_shape`, [-1, cout])], `${layer.name}_gz_rows`);
  const taps: string[] = [];
  for (let kh = 0; kh < layer.kernel[0]; kh++) {
    for (let kw = 0; kw < layer.kernel[1]; kw++) {
      const tap = `${layer.name}_tap${kh}${kw}`;
      const window = g.node('Slice', [padded, g.int64s(`${tap}_starts`, [kh, kw]), g.int64s(`${tap}_ends`, [kh + outH, kw + outW]), g.int64s(`${tap}_axes`, [2, 3])], `${tap}_x`);
      const rows = g.node('Reshape', [g.node('Transpose', [window], `${tap}_cnhw`, { perm: [1, 0, 2, 3] }), g.int64s(`${tap}_rows_shape`, [cin, -1])], `${tap}_rows`);
      taps.push(g.node('MatMul', [rows, gzRows], `${tap}_grad`));
    }
  }
  const stacked = g.node('Concat', taps, `${layer.name}_taps`, { axis: 0 });
  return g.node('Reshape', [stacked, g.int64s(`${layer.name}_hwio`, [...layer.kernel, cin, cout])], `${layer.name}_kernel_grad`);
}

/** [N, C, H/p, W/p] → [N, C, H, W], each cell repeated over its p×p window. */
function upsample(g: GraphBuilder, t: string, p: number, [c, h, w]: number[], hint: string): string {
  const n = g.node('Shape', [t], `${hint}_shape`, { start: 0, end: 1 });
  const six = g.node('Concat', [n, g.int64s(`${hint}_dims`, [c!, h! / p, 1, w! / p, 1])], `${hint}_6d`, { axis: 0 });
  const tiled = g.node('Concat', [n, g.int64s(`${hint}_tile`, [c!, h! / p, p, w! / p, p])], `${hint}_tiled_dims`, { axis: 0 });
  const expanded = g.node('Expand', [g.node('Reshape', [t, six], `${hint}_r`), tiled], `${hint}_e`);
  const back = g.node('Concat', [n, g.int64s(`${hint}_out`, [c!, h!, w!])], `${hint}_out_dims`, { axis: 0 });
  return g.node('Reshape', [expanded, back], hint);
}

function weightInputs(layers: ChainLayer[]): GraphValue[] {
  return layers
    .filter((l) => l.kind === 'conv')
    .flatMap((l) => [
      { name: `${l.name}_kernel`, dims: [...l.kernel, l.inShape[2], l.outShape[2]], batch: false as const },
      ...(l.hasBias ? [{ name: `${l.name}_bias`, dims: [l.outShape[2]], batch: false as const }] : []),
    ]);
}

/** A batched graph value: NHWC for what TensorFlow.js exchanges, NCHW for saved activations. */
function batched(name: string, perExample: number[]): GraphValue {
  return { name, dims: perExample };
}
