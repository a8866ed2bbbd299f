import * as tf from '@tensorflow/tfjs';
import { packImages } from '../data/load-images';
import { preprocess } from '../preprocessing';
import type { PreprocessingMode } from '../types';
import { layersToOnnx, UnsupportedLayerError } from './layers-to-onnx';
import { createSession, loadOnnxRuntime, runSession, type OrtSession } from './onnx-runtime';

export type FrozenEngine = 'onnxruntime' | 'tensorflow.js';
export type FrozenEnginePreference = 'auto' | FrozenEngine;

/**
 * A network whose weights do not change (a frozen backbone, its prefix, a served classifier),
 * run from raw RGB pixels (0..255, NHWC) to one output row per image.
 */
export interface FrozenNetwork {
  readonly engine: FrozenEngine;
  /** Per image: NHWC for a feature map, [C] when pooled, [classes] for a classifier. */
  readonly outputShape: number[];
  /** Why ONNX Runtime is not used, when it is not. */
  readonly fallbackReason: string | null;
  run(pixels: Float32Array, count: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

let preference: FrozenEnginePreference = 'auto';

/**
 * Chooses where frozen layers run. 'auto': ONNX Runtime (every core, about 10x TensorFlow.js
 * WASM on one thread) unless TensorFlow.js runs on its native library, whose kernels are as fast
 * and which keeps a GPU's tensors on the GPU.
 */
export function setFrozenEngine(prefer: FrozenEnginePreference): void {
  preference = prefer;
}

export interface FrozenNetworkOptions {
  /** For networks that take pixels; absent when the input is an earlier part's output. */
  preprocessing?: PreprocessingMode;
  pooled?: boolean;
}

/** Converts `model` for ONNX Runtime when that is the chosen engine and it can; TensorFlow.js otherwise. */
export async function createFrozenNetwork(model: tf.LayersModel, options: FrozenNetworkOptions): Promise<FrozenNetwork> {
  const choice = await frozenEngineInUse();
  if (choice.engine === 'tensorflow.js') return tfjsNetwork(model, options, choice.reason);
  try {
    const graph = layersToOnnx(model, options);
    const session = await createSession(graph.bytes);
    return onnxNetwork(session, graph.inputShape, graph.outputShape);
  } catch (error) {
    if (!(error instanceof UnsupportedLayerError) || preference === 'onnxruntime') throw error;
    return tfjsNetwork(model, options, error.message);
  }
}

export type FrozenEngineChoice = { engine: 'onnxruntime'; reason: null } | { engine: 'tensorflow.js'; reason: string };

/**
 * Where frozen layers run in this process, for the backend now selected and the `setFrozenEngine`
 * preference, with the reason when it is not ONNX Runtime. Under 'auto' a network that ONNX cannot
 * translate still runs on TensorFlow.js (createFrozenNetwork says so in the run's log). Throws when
 * ONNX Runtime was asked for and cannot run here, as every createFrozenNetwork would.
 */
export async function frozenEngineInUse(): Promise<FrozenEngineChoice> {
  const reason = await onnxUnavailableReason();
  if (reason === null) return { engine: 'onnxruntime', reason: null };
  if (preference === 'onnxruntime') throw new Error(`ONNX Runtime was asked for but cannot run here: ${reason}`);
  return { engine: 'tensorflow.js', reason };
}

/** Null when ONNX Runtime should run frozen (and chain-trainable) layers; otherwise why not. */
export async function onnxUnavailableReason(): Promise<string | null> {
  if (preference === 'tensorflow.js') return 'TensorFlow.js was chosen for frozen layers';
  if (preference === 'auto' && tf.getBackend() === 'tensorflow') return "TensorFlow.js runs on TensorFlow's native library";
  const ort = await loadOnnxRuntime();
  return ort instanceof Error ? `onnxruntime-node did not load (${ort.message.split('\n')[0]})` : null;
}

function onnxNetwork(session: OrtSession, inputShape: number[], outputShape: number[]): FrozenNetwork {
  return {
    engine: 'onnxruntime',
    outputShape,
    fallbackReason: null,
    run: (pixels, count) => runSession(session, pixels, [count, ...inputShape]),
    dispose: () => session.release(),
  };
}

function tfjsNetwork(model: tf.LayersModel, options: FrozenNetworkOptions, fallbackReason: string): FrozenNetwork {
  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  const mapShape = model.outputs[0]!.shape.slice(1) as number[];
  const pooled = options.pooled && mapShape.length === 3;
  return {
    engine: 'tensorflow.js',
    outputShape: pooled ? [mapShape[2]!] : mapShape,
    fallbackReason,
    run: async (pixels, count) => {
      const out = tf.tidy(() => {
        const input = tf.tensor(pixels, [count, ...inputShape]);
        const x = options.preprocessing ? preprocess(input as tf.Tensor4D, options.preprocessing) : input;
        const y = model.predict(x) as tf.Tensor;
        return pooled ? tf.mean(y, [1, 2]) : y;
      });
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    dispose: async () => {},
  };
}

/**
 * Runs `images` (decoded pixels, or rows of an earlier frozen part) through `network` in batches
 * and returns one row per image. The next batch is assembled while the current one computes
 * (ONNX Runtime runs off this thread).
 */
export async function runFrozenRows(network: FrozenNetwork, images: (Uint8Array | Float32Array)[], batchSize: number): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  const rowSize = network.outputShape.reduce((a, b) => a * b, 1);
  const batchOf = (start: number) => packImages(images.slice(start, start + batchSize));
  let next = images.length > 0 ? batchOf(0) : null;
  for (let start = 0; next; start += batchSize) {
    const count = Math.min(batchSize, images.length - start);
    const pending = network.run(next, count);
    next = start + batchSize < images.length ? batchOf(start + batchSize) : null;
    const out = await pending;
    for (let k = 0; k < count; k++) rows.push(out.slice(k * rowSize, (k + 1) * rowSize));
  }
  return rows;
}
