// Loads onnxruntime-node once, lazily: it is a native addon, so a machine without a working
// build must still train (on TensorFlow.js alone) rather than fail at import.
import { availableParallelism } from 'node:os';

import type * as OrtModule from 'onnxruntime-node';

type Ort = typeof OrtModule;
export type OrtSession = OrtModule.InferenceSession;
export type OrtTensor = OrtModule.Tensor;

let loading: Promise<Ort | Error> | undefined;
let sessionThreads = availableParallelism();

/**
 * Intra-op threads for sessions created from now on. Every core by default (one trainer per
 * machine); a process that runs several sessions at once (the API's prediction workers) gives
 * each its share, so they do not oversubscribe the cores and starve the event loop.
 */
export function setOnnxThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`ONNX Runtime threads must be a positive integer, got ${threads}`);
  sessionThreads = threads;
}

/** The module, or the error that explains why it could not load. */
export function loadOnnxRuntime(): Promise<Ort | Error> {
  loading ??= import('onnxruntime-node').then(
    (ort) => ort,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  return loading;
}

export interface SessionOptions {
  threads?: number;
  /**
   * Keep ONNX Runtime's memory arena: each session holds on to the most its runs ever needed.
   * Sessions that run in turn (a training step's forward, backward and validation forward) each
   * keep their own peak that way, in all about 1 GB for MobileNetV2 from block_13 at batch 32;
   * without the arena a run's buffers go back when it ends. Without it the memory pattern is off
   * too: that pattern allocates a run's intermediates as one block, which the allocator then maps
   * and page-faults afresh on every run, while separate buffers are reused from its heap.
   */
  memoryArena?: boolean;
}

/** A CPU session whose intra-op threads (see setOnnxThreads) split each convolution. */
export async function createSession(bytes: Uint8Array, { threads = sessionThreads, memoryArena = true }: SessionOptions = {}): Promise<OrtSession> {
  const ort = await loadOnnxRuntime();
  if (ort instanceof Error) throw ort;
  return ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    enableCpuMemArena: memoryArena,
    enableMemPattern: memoryArena,
    // Idle intra-op threads sleep instead of spinning: a fine-tuning step runs several sessions in
    // turn (forward, backward, with TensorFlow.js's head between them), and one session's spinning
    // threads took the cores from the next. Forward + backward of VGG16's block 5 took 0.71-0.83 of
    // the time without spinning, and a forward pass alone 0.79 (A/B in one process, 2 cores).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
}

export async function runSession(session: OrtSession, input: Float32Array, dims: number[]): Promise<Float32Array> {
  const ort = await loadOnnxRuntime();
  if (ort instanceof Error) throw ort;
  const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input, dims) };
  const results = await session.run(feeds);
  const output = results[session.outputNames[0]!]!;
  const data = output.data as Float32Array;
  output.dispose();
  return data;
}
