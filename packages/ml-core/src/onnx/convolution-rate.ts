import { describeChain, nchw, type ConvLayer, type Described } from './chain/describe';
import { convWindowAttributes, inputGradientAttributes } from './chain/layer-terms';
import { GraphBuilder } from './graph-builder';
import { createSession, loadOnnxRuntime, type OrtSession } from './onnx-runtime';
import type * as tf from '@tensorflow/tfjs';

/** Floating-point operations of a chain's convolutions per image (multiply and add counted apart). */
export interface ChainFlops {
  /** The forward pass (what validation and prediction cost). */
  forward: number;
  /** A training step: forward, every kernel gradient, and the input gradients the chain needs (not the first layer's). */
  training: number;
}

/** One convolution's multiply-adds per image, times two. */
function convFlops(layer: ConvLayer): number {
  const [outH, outW, cout] = layer.outShape;
  const cinPerGroup = layer.kind === 'depthwise' ? 1 : layer.inShape[2];
  return 2 * outH * outW * cout * cinPerGroup * layer.kernel[0] * layer.kernel[1];
}

export function chainFlops({ placed }: Described): ChainFlops {
  let forward = 0;
  let training = 0;
  for (const { layer, inputs } of placed) {
    if (layer.kind !== 'conv' && layer.kind !== 'depthwise') continue;
    const f = convFlops(layer);
    forward += f;
    // Value 0 is the frozen layers' output: its gradient is never computed.
    training += f * (inputs[0] === 0 ? 2 : 3);
  }
  return { forward, training };
}

export interface ConvolutionRate {
  batchSize: number;
  /** Each op kind alone over the chain's (non-depthwise) convolutions, and all three together. */
  forwardGflops: number;
  inputGradientGflops: number;
  kernelGradientGflops: number;
  gflops: number;
}

/**
 * What ONNX Runtime reaches on this machine on the chain's own convolutions: the forward Conv, the
 * input gradient as ConvTranspose and the kernel gradient as one GEMM of the im2col'd input
 * ([Cin·kh·kw, N·H·W] × [N·H·W, Cout]; the im2col itself not counted). This is the ceiling a
 * fine-tuning epoch is compared with: the same math with nothing else around it. Null when the
 * chain has no ordinary convolution.
 */
export async function measureConvolutionRate(model: tf.LayersModel, batchSize: number, reps: number): Promise<ConvolutionRate | null> {
  const convs = describeChain(model).placed.flatMap(({ layer }) => (layer.kind === 'conv' ? [layer as ConvLayer] : []));
  if (convs.length === 0) return null;
  const flops = batchSize * convs.reduce((s, c) => s + convFlops(c), 0);
  const kinds = ['forward', 'inputGradient', 'kernelGradient'] as const;
  const seconds: Record<(typeof kinds)[number], number> = { forward: 0, inputGradient: 0, kernelGradient: 0 };
  for (const kind of kinds) {
    const { bytes, feeds } = rateGraph(convs, kind, batchSize);
    const session = await createSession(bytes);
    try {
      seconds[kind] = await timeRuns(session, feeds, reps);
    } finally {
      await session.release();
    }
  }
  const rate = (s: number) => flops / s / 1e9;
  const all = seconds.forward + seconds.inputGradient + seconds.kernelGradient;
  return { batchSize, forwardGflops: rate(seconds.forward), inputGradientGflops: rate(seconds.inputGradient), kernelGradientGflops: rate(seconds.kernelGradient), gflops: (3 * flops) / all / 1e9 };
}

/** A graph of one op kind per convolution, each on its own random input (fed, so nothing folds at load). */
function rateGraph(convs: ConvLayer[], kind: 'forward' | 'inputGradient' | 'kernelGradient', batch: number) {
  const g = new GraphBuilder();
  const inputs: { name: string; dims: number[] }[] = [];
  const outputs: { name: string; dims: number[] }[] = [];
  for (const conv of convs) {
    const [inH, inW, cin] = conv.inShape;
    const [outH, outW, cout] = conv.outShape;
    const [kh, kw] = conv.kernel;
    const kernel = g.floats(`${conv.name}_w`, [cout, cin, kh, kw], randomValues(cout * cin * kh * kw));
    const value = (name: string, dims: number[]) => (inputs.push({ name, dims }), name);
    const out = (name: string, dims: number[]) => outputs.push({ name, dims });
    if (kind === 'forward') out(g.node('Conv', [value(`${conv.name}_x`, [batch, cin, inH, inW]), kernel], `${conv.name}_y`, convWindowAttributes(conv)), [batch, ...nchw(conv.outShape)]);
    if (kind === 'inputGradient') {
      out(g.node('ConvTranspose', [value(`${conv.name}_gz`, [batch, cout, outH, outW]), kernel], `${conv.name}_dx`, inputGradientAttributes(conv)), [batch, cin, inH, inW]);
    }
    if (kind === 'kernelGradient') {
      const rows = batch * outH * outW;
      out(g.node('MatMul', [value(`${conv.name}_cols`, [cin * kh * kw, rows]), value(`${conv.name}_gz_rows`, [rows, cout])], `${conv.name}_dw`), [cin * kh * kw, cout]);
    }
  }
  const unbatched = (v: { name: string; dims: number[] }) => ({ ...v, batch: false });
  return { bytes: g.encodeGraph(inputs.map(unbatched), outputs.map(unbatched)), feeds: inputs };
}

async function timeRuns(session: OrtSession, values: { name: string; dims: number[] }[], reps: number): Promise<number> {
  const ort = await loadOnnxRuntime();
  if (ort instanceof Error) throw ort;
  const feeds = Object.fromEntries(values.map(({ name, dims }) => [name, new ort.Tensor('float32', randomValues(dims.reduce((a, b) => a * b, 1)), dims)]));
  await session.run(feeds);
  const started = performance.now();
  for (let i = 0; i < reps; i++) await session.run(feeds);
  return (performance.now() - started) / 1000 / reps;
}

/** Deterministic values in [-0.5, 0.5): the rate does not depend on them, only on their not being zero. */
function randomValues(length: number): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = ((Math.imul(i, 2654435761) >>> 0) % 1000) / 1000 - 0.5;
  return values;
}
