import { ImageDecodeError, ModelFilesError, type Prediction } from '@transferlab/ml-core/no-tfjs';

// Messages between the pool (main thread) and a prediction worker. Errors cross the thread
// boundary as plain objects and are rebuilt as the same ml-core error classes, so callers can
// tell a user's bad image (ImageDecodeError) from a broken model or a bug.

export interface PredictJobMessage {
  type: 'predict';
  id: number;
  modelId: string;
  modelDir: string;
  image: Uint8Array;
  topK: number;
}

/** Load the model into the worker's cache without predicting, so the first request finds it loaded. */
export interface WarmJobMessage {
  type: 'warm';
  id: number;
  modelId: string;
  modelDir: string;
}

export type JobMessage = PredictJobMessage | WarmJobMessage;

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  reason?: string;
  stack?: string;
}

export type WorkerMessage =
  | { type: 'backend'; description: string }
  // `loaded`: this job read the model from disk (it was not in the worker's cache).
  | { type: 'result'; id: number; predictions: Prediction[]; loaded: boolean }
  | { type: 'error'; id: number; error: SerializedError };

/** The data every worker starts with. */
export interface PredictWorkerData {
  /** file: URL of the TypeScript module the bootstrap imports after registering tsx. */
  entry: string;
  /** Loaded models kept per worker; the least recently used one beyond this is disposed. */
  modelsPerWorker: number;
  /** Linux nice value for the worker thread (0 = as the main thread). */
  nice: number;
  /** ONNX Runtime threads per session: the workers share the cores rather than each taking all. */
  onnxThreads: number;
  /** Images declaring more pixels are refused from their header (TOO_LARGE) before decoding. */
  maxInputPixels: number;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ImageDecodeError) return { name: error.name, message: error.message, code: error.code, reason: error.reason };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined, stack: error.stack };
  }
  return { name: 'Error', message: String(error) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.name === 'ImageDecodeError') {
    return new ImageDecodeError((error.code ?? 'CORRUPT') as ImageDecodeError['code'], error.reason ?? error.message);
  }
  const rebuilt = error.name === 'ModelFilesError' ? new ModelFilesError(error.message) : new Error(error.message);
  if (error.name !== 'ModelFilesError') rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = `${error.stack}\n    (in a prediction worker thread)`;
  return rebuilt;
}
