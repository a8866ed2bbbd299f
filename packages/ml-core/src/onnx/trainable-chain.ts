import type * as tf from '@tensorflow/tfjs';
import { onnxUnavailableReason } from './frozen-network';
import { GraphBuilder, type GraphValue } from './graph-builder';
import { samePads, weightsByKey } from './layers-to-onnx';
import { createSession, loadOnnxRuntime, type OrtSession, type OrtTensor } from './onnx-runtime';

/**
 * The unfrozen layers of a fine-tuning run, when every one is a convolution or depthwise
 * convolution (ReLU or linear, any stride), BatchNorm in inference mode, ReLU/ReLU6, zero
 * padding, a residual Add or non-overlapping max pooling: all of VGG16's blocks and MobileNetV2's.
 * Their forward pass and gradients run on ONNX Runtime (every core, its tuned convolutions), with
 * the weights fed in as inputs on each step so they can change. TensorFlow.js keeps the weights,
 * the head, the loss and Adam. For anything else (a layer kind not listed, dilation) training
 * stays on TensorFlow.js: `buildTrainableChain` returns the reason instead of a chain.
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
  /** Every value in the layers (NCHW inside the graphs), kept for the backward pass. */
  saved: Float32Array[];
}

type Shape3 = [number, number, number];

/** A trainable weight: the graph input it is fed as, and its TensorFlow.js variable. */
interface Param {
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

type ChainLayer = LayerBase &
  (
    | { kind: 'conv' | 'depthwise'; kernel: [number, number]; strides: [number, number]; pads: number[]; relu: boolean; hasBias: boolean }
    | { kind: 'pool'; pool: number }
    /** Inference mode: the moving statistics are constants, gamma and beta train. */
    | { kind: 'bn'; mean: Float32Array; invStd: Float32Array }
    | { kind: 'relu'; max: number | null }
    /** [top, left, bottom, right], as ONNX orders pads. */
    | { kind: 'pad'; pads: number[] }
    | { kind: 'add' }
  );
type ConvLayer = ChainLayer & { kind: 'conv' | 'depthwise' };

/**
 * A layer placed in the graph: the values it reads and the one it writes. Value 0 is the input;
 * layer i writes value i + 1, so the values come in the layers' (topological) order.
 */
interface Placed {
  layer: ChainLayer;
  inputs: number[];
  output: number;
}

interface Described {
  placed: Placed[];
  /** NHWC per example, by value. */
  shapes: Shape3[];
}

/** A chain for `model` (the unfrozen suffix), or the reason it cannot be one or should not be used. */
export async function buildTrainableChain(model: tf.LayersModel): Promise<TrainableChain | string> {
  const unavailable = await onnxUnavailableReason();
  if (unavailable) return unavailable;
  const ort = await loadOnnxRuntime();
  if (ort instanceof Error) return ort.message;
  const described = describeChain(model);
  if (typeof described === 'string') return described;
  const params = described.placed.flatMap((p) => p.layer.params);
  const [forwardSession, backwardSession] = await Promise.all([createSession(forwardGraph(described)), createSession(backwardGraph(described))]);
  const { shapes } = described;
  const inputShape = shapes[0]!;
  const outputShape = shapes[shapes.length - 1]!;
  const weightFeeds = () => {
    const feeds: Record<string, OrtTensor> = {};
    for (const { feed, variable } of params) feeds[feed] = new ort.Tensor('float32', variable.dataSync() as Float32Array, variable.shape);
    return feeds;
  };
  const run = async (session: OrtSession, feeds: Record<string, OrtTensor>) => {
    const out = await session.run(feeds);
    return session.outputNames.map((n) => out[n]!.data as Float32Array);
  };
  return {
    inputShape,
    outputShape,
    variables: params.map((p) => p.variable),
    async forward(x, count) {
      const outputs = await run(forwardSession, { ...weightFeeds(), x: new ort.Tensor('float32', x, [count, ...inputShape]) });
      return { count, output: outputs[0]!, saved: outputs.slice(1) };
    },
    async backward(activations, outputGrad) {
      const feeds = weightFeeds();
      activations.saved.forEach((a, i) => (feeds[`saved_${i}`] = new ort.Tensor('float32', a, [activations.count, ...nchw(shapes[i]!)])));
      feeds.output_grad = new ort.Tensor('float32', outputGrad, [activations.count, ...outputShape]);
      return run(backwardSession, feeds);
    },
    async dispose() {
      await Promise.all([forwardSession.release(), backwardSession.release()]);
    },
  };
}

interface LayerNode {
  inboundNodes: { inputTensors: tf.SymbolicTensor[]; outputTensors: tf.SymbolicTensor[] }[];
}

/** The layers in order with what each reads, or why the model cannot train on ONNX Runtime. */
function describeChain(model: tf.LayersModel): Described | string {
  const valueOf = new Map<number, number>([[model.inputs[0]!.id, 0]]);
  const shapes: Shape3[] = [model.inputs[0]!.shape.slice(1) as Shape3];
  const placed: Placed[] = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer') continue;
    // The layers are shared with the whole backbone: use the call that reads this model's values.
    const node = (layer as unknown as LayerNode).inboundNodes.find((n) => n.inputTensors.every((t) => valueOf.has(t.id)));
    if (!node) return `layer '${layer.name}' reads a value from outside the unfrozen layers`;
    if (node.inputTensors.length !== 1 && kind !== 'Add') return `layer '${layer.name}' has ${node.inputTensors.length} inputs`;
    const config = layer.getConfig() as Record<string, unknown>;
    const base = {
      name: layer.name,
      inShape: node.inputTensors[0]!.shape.slice(1) as Shape3,
      outShape: node.outputTensors[0]!.shape.slice(1) as Shape3,
      params: layer.trainableWeights.map((w) => {
        const key = w.originalName.split('/').pop()!;
        return { key, feed: `${layer.name}_${key}`, variable: w.read() as tf.Variable };
      }),
    };
    const described = describeLayer(layer, kind, config, base);
    if (typeof described === 'string') return described;
    // Every weight but BatchNorm's moving statistics must train, and be one the graphs feed.
    const expected = described.kind === 'bn' ? ['gamma', 'beta'] : described.kind === 'conv' || described.kind === 'depthwise' ? [described.kind === 'conv' ? 'kernel' : 'depthwise_kernel', ...(described.hasBias ? ['bias'] : [])] : [];
    if (base.params.map((p) => p.key).join() !== expected.join()) return `the weights of '${layer.name}' are not all trainable`;
    const output = shapes.length;
    placed.push({ layer: described, inputs: node.inputTensors.map((t) => valueOf.get(t.id)!), output });
    valueOf.set(node.outputTensors[0]!.id, output);
    shapes.push(base.outShape);
  }
  if (placed.length === 0) return 'there are no layers to train';
  if (valueOf.get(model.outputs[0]!.id) !== shapes.length - 1) return 'the last layer does not give the output';
  const unread = placed.find((p) => p.output < shapes.length - 1 && !placed.some((q) => q.inputs.includes(p.output)));
  if (unread) return `nothing reads the output of '${unread.layer.name}'`;
  return { placed, shapes };
}

function describeLayer(layer: tf.LayersModel['layers'][number], kind: string, config: Record<string, unknown>, base: LayerBase): ChainLayer | string {
  const { name, inShape } = base;
  switch (kind) {
    case 'Conv2D':
    case 'DepthwiseConv2D': {
      const kernel = config.kernelSize as [number, number];
      const strides = config.strides as [number, number];
      const dilation = config.dilationRate as [number, number] | number;
      if ([dilation].flat().some((d) => d !== 1)) return `convolution '${name}' is dilated`;
      if (config.activation !== 'relu' && config.activation !== 'linear') return `convolution '${name}' has activation ${String(config.activation)}`;
      if (kind === 'DepthwiseConv2D' && config.depthMultiplier !== 1) return `depthwise convolution '${name}' has a channel multiplier of ${String(config.depthMultiplier)}`;
      const pads = config.padding === 'same' ? samePads(inShape, kernel, strides) : [0, 0, 0, 0];
      return { ...base, kind: kind === 'Conv2D' ? 'conv' : 'depthwise', kernel, strides, pads, relu: config.activation === 'relu', hasBias: Boolean(config.useBias) };
    }
    case 'MaxPooling2D': {
      const pool = config.poolSize as [number, number];
      const strides = config.strides as [number, number];
      if (pool[0] !== pool[1] || strides[0] !== pool[0] || strides[1] !== pool[1] || config.padding !== 'valid' || inShape[0] % pool[0] || inShape[1] % pool[0]) {
        return `max pooling '${name}' is not a non-overlapping tiling of its input`;
      }
      return { ...base, kind: 'pool', pool: pool[0] };
    }
    case 'BatchNormalization': {
      const axis = config.axis as number;
      if ((axis !== -1 && axis !== 3) || !config.center || !config.scale) return `batch normalization '${name}' is not a per-channel scale and shift`;
      const byKey = weightsByKey(layer);
      const [mean, variance] = [byKey.get('moving_mean'), byKey.get('moving_variance')];
      if (!mean || !variance) return `batch normalization '${name}' has no moving statistics`;
      const epsilon = config.epsilon as number;
      return { ...base, kind: 'bn', mean: Float32Array.from(mean), invStd: variance.map((v) => 1 / Math.sqrt(v + epsilon)) };
    }
    case 'ReLU': {
      if (config.negativeSlope || config.threshold) return `ReLU '${name}' has a slope or threshold`;
      return { ...base, kind: 'relu', max: (config.maxValue as number | null | undefined) ?? null };
    }
    case 'ZeroPadding2D': {
      if (config.dataFormat === 'channelsFirst') return `zero padding '${name}' is channels-first`;
      const [[top, bottom], [left, right]] = config.padding as [[number, number], [number, number]];
      return { ...base, kind: 'pad', pads: [top, left, bottom, right] };
    }
    case 'Add':
      return { ...base, kind: 'add' };
    default:
      return `layer '${name}' is a ${kind}`;
  }
}

function nchw([h, w, c]: Shape3): number[] {
  return [c, h, w];
}

/** The kernel as ONNX wants it: [out, in / group, kh, kw] from TensorFlow's [kh, kw, in, out] (depthwise: [kh, kw, C, 1]). */
function kernelOihw(g: GraphBuilder, conv: ConvLayer): string {
  return g.node('Transpose', [conv.params[0]!.feed], `${conv.name}_oihw`, { perm: conv.kind === 'conv' ? [3, 2, 0, 1] : [2, 3, 0, 1] });
}

/** A depthwise convolution is ONNX's grouped one, with a group per channel. */
function grouping(conv: ConvLayer): Record<string, number> {
  return conv.kind === 'depthwise' ? { group: conv.inShape[2] } : {};
}

/** A per-channel vector as [C, 1, 1], which broadcasts over NCHW. */
function perChannel(g: GraphBuilder, vector: string, channels: number, hint: string): string {
  return g.node('Reshape', [vector, g.int64s(`${hint}_c11`, [channels, 1, 1])], hint);
}

/** BatchNorm's two constants, and its scale gamma / sqrt(variance + epsilon), all [C, 1, 1]. */
function bnTerms(g: GraphBuilder, layer: ChainLayer & { kind: 'bn' }) {
  const c = layer.inShape[2];
  const mean = g.floats(`${layer.name}_mean`, [c, 1, 1], layer.mean);
  const invStd = g.floats(`${layer.name}_inv_std`, [c, 1, 1], layer.invStd);
  const scale = g.node('Mul', [perChannel(g, `${layer.name}_gamma`, c, `${layer.name}_gamma_c11`), invStd], `${layer.name}_scale`);
  return { mean, invStd, scale };
}

/** The convolution's ONNX attributes, shared by Conv and (for the input gradient) ConvTranspose. */
function convAttributes(conv: ConvLayer): Record<string, number[] | number> {
  return { kernel_shape: conv.kernel, pads: conv.pads, strides: conv.strides, ...grouping(conv) };
}

function forwardGraph({ placed, shapes }: Described): Uint8Array {
  const g = new GraphBuilder();
  const inputs = [batched('x', shapes[0]!), ...weightInputs(placed)];
  const saved = [g.node('Transpose', ['x'], 'saved_0', { perm: [0, 3, 1, 2] })];
  for (const { layer, inputs: reads, output } of placed) {
    const name = `saved_${output}`;
    const a = saved[reads[0]!]!;
    switch (layer.kind) {
      case 'conv':
      case 'depthwise': {
        const bias = layer.hasBias ? [`${layer.name}_bias`] : [];
        const z = g.node('Conv', [a, kernelOihw(g, layer), ...bias], layer.relu ? `${layer.name}_z` : name, convAttributes(layer));
        saved.push(layer.relu ? g.node('Relu', [z], name) : z);
        break;
      }
      case 'pool':
        saved.push(g.node('MaxPool', [a], name, { kernel_shape: [layer.pool, layer.pool], strides: [layer.pool, layer.pool] }));
        break;
      case 'bn': {
        const { mean, scale } = bnTerms(g, layer);
        const scaled = g.node('Mul', [g.node('Sub', [a, mean], `${layer.name}_centered`), scale], `${layer.name}_scaled`);
        saved.push(g.node('Add', [scaled, perChannel(g, `${layer.name}_beta`, layer.inShape[2], `${layer.name}_beta_c11`)], name));
        break;
      }
      case 'relu':
        saved.push(layer.max === null ? g.node('Relu', [a], name) : g.node('Clip', [a, g.floats(`${layer.name}_min`, [], [0]), g.floats(`${layer.name}_max`, [], [layer.max])], name));
        break;
      case 'pad': {
        const [top, left, bottom, right] = layer.pads as [number, number, number, number];
        saved.push(g.node('Pad', [a, g.int64s(`${layer.name}_pads`, [0, 0, top, left, 0, 0, bottom, right])], name, { mode: 'constant' }));
        break;
      }
      case 'add':
        saved.push(g.node('Sum', reads.map((r) => saved[r]!), name));
        break;
    }
  }
  const output = g.node('Transpose', [saved[saved.length - 1]!], 'output', { perm: [0, 2, 3, 1] });
  // The last saved value is the output itself (NCHW); the backward pass needs it for masks.
  return g.encodeGraph(inputs, [batched(output, shapes[shapes.length - 1]!), ...saved.map((s, i) => batched(s, nchw(shapes[i]!)))]);
}

/**
 * Reverse-mode through the layers, last to first: ReLU masks from saved outputs, max-pool
 * gradients routed to the cells that held each window's maximum, BatchNorm's scale applied
 * backwards, padding cropped off, a residual Add's gradient passed to both branches (and summed
 * where they meet), weight gradients per kernel tap, input gradients as a transposed convolution.
 * The input's gradient is not needed (the layers before are frozen).
 */
function backwardGraph({ placed, shapes }: Described): Uint8Array {
  const g = new GraphBuilder();
  const last = shapes.length - 1;
  const inputs = [...weightInputs(placed), ...shapes.map((shape, i) => batched(`saved_${i}`, nchw(shape))), batched('output_grad', shapes[last]!)];
  // dLoss/dValue as the parts from each layer that reads the value, summed where there are several
  // (the residual links). Value 0 is the frozen layers' output: nothing needs its gradient.
  const parts: string[][] = shapes.map(() => []);
  parts[last]!.push(g.node('Transpose', ['output_grad'], 'grad_out', { perm: [0, 3, 1, 2] }));
  const pass = (value: number, grad: () => string) => value > 0 && parts[value]!.push(grad());
  const gradients = new Map<string, string>();
  const channelSum = (t: string, hint: string) => g.node('ReduceSum', [t, g.int64s(`${hint}_axes`, [0, 2, 3])], hint, { keepdims: 0 });
  const mask = (t: string, hint: string) => g.node('Cast', [t], hint, { to: 1 });
  for (const { layer, inputs: reads, output: written } of [...placed].reverse()) {
    const own = parts[written]!;
    const grad = own.length === 1 ? own[0]! : g.node('Sum', own, `${layer.name}_grad_out`);
    const [read] = reads as [number];
    const input = `saved_${read}`;
    const output = `saved_${written}`;
    switch (layer.kind) {
      case 'pool': {
        const [h, w, c] = layer.inShape;
        const up = (t: string, hint: string) => upsample(g, t, layer.pool, [c, h, w], hint);
        pass(read, () => {
          const isMax = mask(g.node('Equal', [input, up(output, `${layer.name}_max_up`)], `${layer.name}_is_max`), `${layer.name}_mask`);
          return g.node('Mul', [up(grad, `${layer.name}_grad_up`), isMax], `${layer.name}_grad_in`);
        });
        break;
      }
      case 'relu':
        pass(read, () => {
          // Where the output is strictly inside (0, max): TensorFlow's ReLU and ReLU6 gradients.
          let active = g.node('Greater', [output, g.floats(`${layer.name}_zero`, [], [0])], `${layer.name}_above_zero`);
          if (layer.max !== null) active = g.node('And', [active, g.node('Less', [output, g.floats(`${layer.name}_cap`, [], [layer.max])], `${layer.name}_below_cap`)], `${layer.name}_active`);
          return g.node('Mul', [grad, mask(active, `${layer.name}_mask`)], `${layer.name}_grad_in`);
        });
        break;
      case 'bn': {
        const { mean, invStd, scale } = bnTerms(g, layer);
        const normalised = g.node('Mul', [g.node('Sub', [input, mean], `${layer.name}_centered`), invStd], `${layer.name}_normalised`);
        gradients.set(`${layer.name}_gamma`, channelSum(g.node('Mul', [grad, normalised], `${layer.name}_grad_x_norm`), `${layer.name}_gamma_grad`));
        gradients.set(`${layer.name}_beta`, channelSum(grad, `${layer.name}_beta_grad`));
        pass(read, () => g.node('Mul', [grad, scale], `${layer.name}_grad_in`));
        break;
      }
      case 'pad': {
        const [h, w] = layer.inShape;
        const [top, left] = layer.pads as [number, number];
        pass(read, () => g.node('Slice', [grad, g.int64s(`${layer.name}_starts`, [top, left]), g.int64s(`${layer.name}_ends`, [top + h, left + w]), g.int64s(`${layer.name}_axes`, [2, 3])], `${layer.name}_grad_in`));
        break;
      }
      case 'add':
        for (const r of reads) pass(r, () => grad);
        break;
      case 'conv':
      case 'depthwise': {
        const gz = layer.relu
          ? g.node('Mul', [grad, mask(g.node('Greater', [output, g.floats(`${layer.name}_zero`, [], [0])], `${layer.name}_active`), `${layer.name}_relu_mask`)], `${layer.name}_grad_z`)
          : grad;
        gradients.set(layer.params[0]!.feed, layer.kind === 'conv' ? kernelGradient(g, layer, input, gz) : depthwiseKernelGradient(g, layer, input, gz));
        if (layer.hasBias) gradients.set(`${layer.name}_bias`, channelSum(gz, `${layer.name}_bias_grad`));
        // A strided window may leave the last rows of the padded input unread: output_padding restores them (as zeros).
        const [[inH, inW], [outH, outW]] = [layer.inShape, layer.outShape];
        const [top, left, bottom, right] = layer.pads as [number, number, number, number];
        const outputPadding = [inH + top + bottom - ((outH - 1) * layer.strides[0] + layer.kernel[0]), inW + left + right - ((outW - 1) * layer.strides[1] + layer.kernel[1])];
        pass(read, () => g.node('ConvTranspose', [gz, kernelOihw(g, layer)], `${layer.name}_grad_in`, { ...convAttributes(layer), output_padding: outputPadding }));
        break;
      }
    }
  }
  const outputs = placed.flatMap(({ layer }) => layer.params.map((p) => ({ name: gradients.get(p.feed)!, dims: p.variable.shape, batch: false as const })));
  return g.encodeGraph(inputs, outputs);
}

/** The layer input zero-padded so that every window of the forward pass lies inside it. */
function paddedInput(g: GraphBuilder, layer: ConvLayer, input: string): string {
  const [top, left, bottom, right] = layer.pads as [number, number, number, number];
  return g.node('Pad', [input, g.int64s(`${layer.name}_x_pads`, [0, 0, top, left, 0, 0, bottom, right])], `${layer.name}_x_padded`, { mode: 'constant' });
}

/** What kernel tap (kh, kw) sees at every output position: [N, C, outH, outW]. */
function tapWindow(g: GraphBuilder, layer: ConvLayer, padded: string, kh: number, kw: number): string {
  const [outH, outW] = layer.outShape;
  const [sh, sw] = layer.strides;
  const tap = `${layer.name}_tap${kh}${kw}`;
  const ends = [kh + (outH - 1) * sh + 1, kw + (outW - 1) * sw + 1];
  return g.node('Slice', [padded, g.int64s(`${tap}_starts`, [kh, kw]), g.int64s(`${tap}_ends`, ends), g.int64s(`${tap}_axes`, [2, 3]), g.int64s(`${tap}_steps`, [sh, sw])], `${tap}_x`);
}

/**
 * dW[kh, kw, i, o] = Σ_n,y,x x_padded[n, i, y + kh, x + kw] · gz[n, o, y, x]: one matrix product
 * per kernel tap ([Cin, N·H·W] × [N·H·W, Cout]), so every product is large and square-ish, which
 * is what GEMM kernels are fast at (a convolution with the batch as channels is not).
 */
function kernelGradient(g: GraphBuilder, layer: ConvLayer, input: string, gz: string): string {
  const cin = layer.inShape[2];
  const cout = layer.outShape[2];
  const padded = paddedInput(g, layer, input);
  const gzRows = g.node('Reshape', [g.node('Transpose', [gz], `${layer.name}_gz_nhwc`, { perm: [0, 2, 3, 1] }), g.int64s(`${layer.name}_gz_rows_shape`, [-1, cout])], `${layer.name}_gz_rows`);
  const taps: string[] = [];
  for (let kh = 0; kh < layer.kernel[0]; kh++) {
    for (let kw = 0; kw < layer.kernel[1]; kw++) {
      const window = tapWindow(g, layer, padded, kh, kw);
      const rows = g.node('Reshape', [g.node('Transpose', [window], `${window}_cnhw`, { perm: [1, 0, 2, 3] }), g.int64s(`${window}_rows_shape`, [cin, -1])], `${window}_rows`);
      taps.push(g.node('MatMul', [rows, gzRows], `${window}_grad`));
    }
  }
  const stacked = g.node('Concat', taps, `${layer.name}_taps`, { axis: 0 });
  return g.node('Reshape', [stacked, g.int64s(`${layer.name}_hwio`, [...layer.kernel, cin, cout])], `${layer.name}_kernel_grad`);
}

/** dW[kh, kw, c, 0] = Σ_n,y,x x_padded[n, c, y + kh, x + kw] · gz[n, c, y, x]: a product and a sum per tap. */
function depthwiseKernelGradient(g: GraphBuilder, layer: ConvLayer, input: string, gz: string): string {
  const channels = layer.inShape[2];
  const padded = paddedInput(g, layer, input);
  const taps: string[] = [];
  for (let kh = 0; kh < layer.kernel[0]; kh++) {
    for (let kw = 0; kw < layer.kernel[1]; kw++) {
      const window = tapWindow(g, layer, padded, kh, kw);
      taps.push(g.node('ReduceSum', [g.node('Mul', [window, gz], `${window}_times_gz`), g.int64s(`${window}_axes`, [0, 2, 3])], `${window}_grad`, { keepdims: 0 }));
    }
  }
  const stacked = g.node('Concat', taps, `${layer.name}_taps`, { axis: 0 });
  return g.node('Reshape', [stacked, g.int64s(`${layer.name}_hwc1`, [...layer.kernel, channels, 1])], `${layer.name}_kernel_grad`);
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

function weightInputs(placed: Placed[]): GraphValue[] {
  return placed.flatMap(({ layer }) => layer.params.map((p) => ({ name: p.feed, dims: p.variable.shape, batch: false as const })));
}

/** A batched graph value: NHWC for what TensorFlow.js exchanges, NCHW for saved activations. */
function batched(name: string, perExample: number[]): GraphValue {
  return { name, dims: perExample };
}
