import * as tf from '@tensorflow/tfjs';
import { backwardGraph } from './chain/backward';
import { describeChain, nchw } from './chain/describe';
import { forwardGraph } from './chain/forward';
import { onnxUnavailableReason } from './frozen-network';
import { UnsupportedLayerError } from './layer-spec';
import { timedAsync, type StepProfile } from '../training/step-profile';
import { createSession, loadOnnxRuntime, type OrtSession, type OrtTensor } from './onnx-runtime';

/**
 * The unfrozen layers of a fine-tuning run, when every one is a convolution or depthwise
 * convolution (ReLU or linear, any stride), BatchNorm in inference mode, ReLU/ReLU6, zero
 * padding, a residual Add or non-overlapping max pooling: all of VGG16's blocks and MobileNetV2's.
 * Their forward pass and gradients run on ONNX Runtime (every core, its tuned convolutions).
 * The weights stay resident beside ONNX Runtime, one contiguous Float32Array per variable that
 * every run reads in place: a trainer updates them there (`weights`) and `publish`es them to the
 * TensorFlow.js variables, which stay what the model, its best-epoch copies and checkpoints read.
 * A variable written on the TensorFlow.js side (restoring the best epoch, say) is read back before
 * the next run. TensorFlow.js keeps the head and the loss. For anything else (a layer kind not
 * listed, dilation) training stays on TensorFlow.js: `buildTrainableChain` says why instead of
 * giving a chain.
 */
export interface TrainableChain {
  /** Layer input per example, NHWC. */
  readonly inputShape: number[];
  /** Chain output (the feature map the head reads) per example, NHWC. */
  readonly outputShape: number[];
  /** The chain's trainable variables, in the order `backward` returns their gradients. */
  readonly variables: tf.Variable[];
  /** The resident weights, in the order of `variables`: update in place, then `publish`. */
  readonly weights: Float32Array[];
  /** The forward pass for training: the output and what `backward` needs. `profile` gets the copies' and ONNX Runtime's time. */
  forward(x: Float32Array, count: number, profile?: StepProfile): Promise<ChainActivations>;
  /**
   * Gradients for `variables`, given dLoss/dOutput (NHWC) for the batch `forward` produced. The
   * arrays are the chain's own, overwritten by the next `backward`.
   */
  backward(activations: ChainActivations, outputGrad: Float32Array, profile?: StepProfile): Promise<Float32Array[]>;
  /** The output alone (inference: a graph that keeps no activation), NHWC. */
  infer(x: Float32Array, count: number): Promise<Float32Array>;
  /** Writes the resident weights into the TensorFlow.js variables. */
  publish(): void;
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
  // Three sessions run in turn each step: none keeps an arena of its own peak (createSession).
  const [forwardSession, backwardSession, inferSession] = await Promise.all([
    createSession(forwardGraph(described), { memoryArena: false }),
    createSession(backwardGraph(described), { memoryArena: false }),
    createSession(forwardGraph(described, { keepActivations: false }), { memoryArena: false }),
  ]);
  const { shapes } = described;
  const inputShape = shapes[0]!;
  const outputShape = shapes[shapes.length - 1]!;
  const variables = params.map((p) => p.variable);
  const resident = residentWeights(variables);
  const weightFeeds = Object.fromEntries(params.map(({ feed, variable }, i) => [feed, new ort.Tensor('float32', resident.weights[i]!, variable.shape)]));
  // The gradients' buffers, written by ONNX Runtime on every backward pass.
  const gradients = variables.map((v) => new Float32Array(v.size));
  const gradientFetches = Object.fromEntries(backwardSession.outputNames.map((name, i) => [name, new ort.Tensor('float32', gradients[i]!, variables[i]!.shape)]));
  const run = async (session: OrtSession, feeds: Record<string, OrtTensor>, fetches?: Record<string, OrtTensor>) => {
    resident.readChanged();
    const out = await session.run(feeds, fetches ?? {});
    return session.outputNames.map((n) => out[n]!.data as Float32Array);
  };
  const batch = (name: string, data: Float32Array, count: number, shape: number[]) => [name, new ort.Tensor('float32', data, [count, ...shape])] as const;
  const chain: TrainableChain = {
    inputShape,
    outputShape,
    variables,
    weights: resident.weights,
    async forward(x, count, profile) {
      const feeds = { ...weightFeeds, ...Object.fromEntries([batch('x', x, count, inputShape)]) };
      const outputs = await timedAsync(profile, 'onnxForward', () => run(forwardSession, feeds));
      return { count, output: outputs[0]!, saved: outputs.slice(1) };
    },
    async backward(activations, outputGrad, profile) {
      const { count, saved } = activations;
      const feeds = { ...weightFeeds, ...Object.fromEntries([...saved.map((a, i) => batch(`saved_${i}`, a, count, nchw(shapes[i]!))), batch('output_grad', outputGrad, count, outputShape)]) };
      await timedAsync(profile, 'onnxBackward', () => run(backwardSession, feeds, gradientFetches));
      return gradients;
    },
    async infer(x, count) {
      const [output] = await run(inferSession, { ...weightFeeds, ...Object.fromEntries([batch('x', x, count, inputShape)]) });
      return output!;
    },
    publish: () => resident.publish(),
    async dispose() {
      await Promise.all([forwardSession.release(), backwardSession.release(), inferSession.release()]);
    },
  };
  return { ok: true, chain };
}

/**
 * The variables' values as resident arrays, and the TensorFlow.js value (its dataId: every write to
 * a variable gives it a new one) each array last matched, so a write on either side is noticed.
 */
function residentWeights(variables: tf.Variable[]) {
  const dataIdOf = (v: tf.Variable) => (v as unknown as { dataId: object }).dataId;
  const weights = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  const matched = variables.map(dataIdOf);
  return {
    weights,
    /** Reads every variable written on the TensorFlow.js side since the arrays last matched it. */
    readChanged() {
      variables.forEach((v, i) => {
        if (dataIdOf(v) === matched[i]) return;
        weights[i]!.set(v.dataSync() as Float32Array);
        matched[i] = dataIdOf(v);
      });
    },
    publish() {
      variables.forEach((v, i) => {
        // A copy: a backend may keep the array it is given, and the resident one keeps changing.
        const value = tf.tensor(weights[i]!.slice(), v.shape);
        v.assign(value);
        value.dispose();
        matched[i] = dataIdOf(v);
      });
    },
  };
}
