import type * as tf from '@tensorflow/tfjs';
import { backwardGraph } from './chain/backward';
import { describeChain, nchw } from './chain/describe';
import { forwardGraph } from './chain/forward';
import { onnxUnavailableReason } from './frozen-network';
import { UnsupportedLayerError } from './layer-spec';
import { timed, timedAsync, type StepProfile } from '../training/step-profile';
import { createSession, loadOnnxRuntime, type OrtSession, type OrtTensor } from './onnx-runtime';

/**
 * The unfrozen layers of a fine-tuning run, when every one is a convolution or depthwise
 * convolution (ReLU or linear, any stride), BatchNorm in inference mode, ReLU/ReLU6, zero
 * padding, a residual Add or non-overlapping max pooling: all of VGG16's blocks and MobileNetV2's.
 * Their forward pass and gradients run on ONNX Runtime (every core, its tuned convolutions), with
 * the weights fed in as inputs on each step so they can change. TensorFlow.js keeps the weights,
 * the head, the loss and Adam. For anything else (a layer kind not listed, dilation) training
 * stays on TensorFlow.js: `buildTrainableChain` says why instead of giving a chain.
 */
export interface TrainableChain {
  /** Layer input per example, NHWC. */
  readonly inputShape: number[];
  /** Chain output (the feature map the head reads) per example, NHWC. */
  readonly outputShape: number[];
  /** The chain's trainable variables, in the order `backward` returns their gradients. */
  readonly variables: tf.Variable[];
  /** `profile`, when given, gets the time of the copies and of ONNX Runtime's run. */
  forward(x: Float32Array, count: number, profile?: StepProfile): Promise<ChainActivations>;
  /** Gradients for `variables`, given dLoss/dOutput (NHWC) for the batch `forward` produced. */
  backward(activations: ChainActivations, outputGrad: Float32Array, profile?: StepProfile): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface ChainActivations {
  count: number;
  /** NHWC, what the head reads. */
  output: Float32Array;
  /** Every value in the layers (NCHW inside the graphs), kept for the backward pass. */
  saved: Float32Array[];
}

/** A chain, or why the layers cannot (or should not) train on ONNX Runtime. */
export type TrainableChainResult = { ok: true; chain: TrainableChain } | { ok: false; reason: string };

/** A chain for `model` (the unfrozen suffix), or the reason it cannot be one or should not be used. */
export async function buildTrainableChain(model: tf.LayersModel): Promise<TrainableChainResult> {
  const unavailable = await onnxUnavailableReason();
  if (unavailable) return { ok: false, reason: unavailable };
  const ort = await loadOnnxRuntime();
  if (ort instanceof Error) return { ok: false, reason: ort.message };
  let described;
  try {
    described = describeChain(model);
  } catch (error) {
    if (error instanceof UnsupportedLayerError) return { ok: false, reason: error.message };
    throw error;
  }
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
  const chain: TrainableChain = {
    inputShape,
    outputShape,
    variables: params.map((p) => p.variable),
    async forward(x, count, profile) {
      const feeds = timed(profile, 'copies', () => ({ ...weightFeeds(), x: new ort.Tensor('float32', x, [count, ...inputShape]) }));
      const outputs = await timedAsync(profile, 'onnxForward', () => run(forwardSession, feeds));
      return { count, output: outputs[0]!, saved: outputs.slice(1) };
    },
    async backward(activations, outputGrad, profile) {
      const feeds = timed(profile, 'copies', () => {
        const f = weightFeeds();
        activations.saved.forEach((a, i) => (f[`saved_${i}`] = new ort.Tensor('float32', a, [activations.count, ...nchw(shapes[i]!)])));
        f.output_grad = new ort.Tensor('float32', outputGrad, [activations.count, ...outputShape]);
        return f;
      });
      return timedAsync(profile, 'onnxBackward', () => run(backwardSession, feeds));
    },
    async dispose() {
      await Promise.all([forwardSession.release(), backwardSession.release()]);
    },
  };
  return { ok: true, chain };
}
