import { describeChain, nchw, type ConvLayer, type Described } from './chain/describe';
import { kernelGradient } from './chain/kernel-gradient';
import { convWindowAttributes, inputGradient, kernelOihw } from './chain/layer-terms';
import { GraphBuilder } from './graph-builder';
import { createSession, loadOnnxRuntime } from './onnx-runtime';
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
 * What ONNX Runtime reaches on this machine on the chain's own convolutions, each kind alone and
 * computed as the chain's graphs compute it (the forward Conv, the input gradient, the kernel
 * gradient's per-tap GEMMs), with the kernels fed as the chain feeds them: the convolution math
 * with nothing around it, the ceiling a fine-tuning step is compared with. A probe runs each kind
 * once per `run`, so a measurement can interleave it with the steps it compares (on a shared
 * machine the load changes from minute to minute). Null when the chain has no ordinary convolution.
 */
export async function openConvolutionRate(model: tf.LayersModel, batchSize: number): Promise<ConvolutionRateProbe | null> {
  const ort = await loadOnnxRuntime();
  if (ort instanceof Error) throw ort;
  const convs = describeChain(model).placed.flatMap(({ layer }) => (layer.kind === 'conv' ? [layer as ConvLayer] : []));
  if (convs.length === 0) return null;
  const flops = batchSize * convs.reduce((s, c) => s + convFlops(c), 0);
  const kinds = ['forward', 'inputGradient', 'kernelGradient'] as const;
  const probes = await Promise.all(
    kinds.map(async (kind) => {
      const { bytes, feeds } = rateGraph(convs, kind, batchSize);
      const values = Object.fromEntries(feeds.map(({ name, dims }) => [name, new ort.Tensor('float32', randomValues(dims.reduce((a, b) => a * b, 1)), dims)]));
      return { kind, session: await createSession(bytes), values, seconds: 0 };
    }),
  );
  let runs = 0;
  const rate = (kind: (typeof kinds)[number]) => (runs * flops) / probes.find((p) => p.kind === kind)!.seconds / 1e9;
  return {
    async run() {
      runs++;
      for (const probe of probes) {
        const started = performance.now();
        await probe.session.run(probe.values);
        probe.seconds += (performance.now() - started) / 1000;
      }
    },
    reset() {
      runs = 0;
      probes.forEach((p) => (p.seconds = 0));
    },
    result: () => ({
      batchSize,
      forwardGflops: rate('forward'),
      inputGradientGflops: rate('inputGradient'),
      kernelGradientGflops: rate('kernelGradient'),
      gflops: (3 * runs * flops) / probes.reduce((s, p) => s + p.seconds, 0) / 1e9,
    }),
    release: async () => void (await Promise.all(probes.map((p) => p.session.release()))),
  };
}

export interface ConvolutionRateProbe {
  /** Runs each kind once, adding to its time. */
  run(): Promise<void>;
  /** Forgets the times so far (after a warm-up). */
  reset(): void;
  result(): ConvolutionRate;
  release(): Promise<void>;
}

/** A graph of one op kind per convolution, each on its own random input (fed, so nothing folds at load). */
function rateGraph(convs: ConvLayer[], kind: 'forward' | 'inputGradient' | 'kernelGradient', batch: number) {
  const g = new GraphBuilder();
  const inputs: { name: string; dims: number[] }[] = [];
  const outputs: { name: string; dims: number[] }[] = [];
  for (const conv of convs) {
    const [inH, inW, cin] = conv.inShape;
    const [outH, outW, cout] = conv.outShape;
    const value = (name: string, dims: number[]) => (inputs.push({ name, dims }), name);
    const out = (name: string, dims: number[]) => outputs.push({ name, dims });
    // The kernel fed as the chain feeds it (HWIO, under its feed's name).
    if (kind !== 'kernelGradient') value(conv.params[0]!.feed, [...conv.kernel, cin, cout]);
    const x = () => value(`${conv.name}_x`, [batch, cin, inH, inW]);
    const gz = () => value(`${conv.name}_gz`, [batch, cout, outH, outW]);
    if (kind === 'forward') out(g.node('Conv', [x(), kernelOihw(g, conv)], `${conv.name}_y`, convWindowAttributes(conv)), [batch, ...nchw(conv.outShape)]);
    if (kind === 'inputGradient') out(inputGradient(g, conv, gz()), [batch, cin, inH, inW]);
    if (kind === 'kernelGradient') out(kernelGradient(g, conv, x(), gz()), [...conv.kernel, cin, cout]);
  }
  const unbatched = (v: { name: string; dims: number[] }) => ({ ...v, batch: false });
  return { bytes: g.encodeGraph(inputs.map(unbatched), outputs.map(unbatched)), feeds: inputs };
}

/** Deterministic values in [-0.5, 0.5): the rate does not depend on them, only on their not being zero. */
function randomValues(length: number): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = ((Math.imul(i, 2654435761) >>> 0) % 1000) / 1000 - 0.5;
  return values;
}
