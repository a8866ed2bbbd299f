import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_INPUT_PIXELS, type Prediction } from '@transferlab/ml-core/no-tfjs';
import type { Logger } from '../logger';
import { megabytes } from '../datasets/limits';
import { PredictQueueFullError, type PredictPool, type PredictPoolStats } from './predict-pool';
import { deserializeError, type JobMessage, type PredictWorkerData, type WorkerMessage } from './worker-protocol';

export interface PredictPoolOptions {
  /** Most worker threads at once; each has its own TensorFlow.js and loaded models. */
  threads: number;
  logger: Logger;
  /** Loaded models kept per worker. */
  modelsPerWorker?: number;
  /** A prediction that takes longer gets its worker terminated (and replaced). */
  timeoutMs?: number;
  /** Predictions waiting for a worker beyond this are refused. */
  maxQueue?: number;
  /**
   * Image bytes waiting for a worker beyond this are refused: each queued request holds its image
   * in memory, so the count alone would let 1,000 large images pile up. A request that finds the
   * queue empty is always taken.
   */
  maxQueueBytes?: number;
  /** The worker's TypeScript module; tests swap in a stand-in that speaks the same protocol. */
  workerEntry?: URL;
  /** Images declaring more pixels are refused from their header; ml-core's default otherwise. */
  maxInputPixels?: number;
  /**
   * A worker with nothing to do for this long is ended, releasing its TensorFlow.js, ONNX Runtime
   * and loaded models (hundreds of MB each); the next request starts one again.
   */
  idleMs?: number;
  /**
   * Asked when the last idle worker's time is up: while it answers true, that worker stays (the
   * API answers "a run is training", whose model will be wanted the moment it finishes). An error
   * counts as false.
   */
  keepOneWhile?: () => Promise<boolean>;
}

interface Job {
  id: number;
  message: JobMessage;
  resolve(predictions: Prediction[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** Why the worker is going away, when the pool knows better than the exit code. */
  failure: Error | null;
  /** Model ids this worker probably has loaded (most recent last), to route repeat requests to it. */
  recentModels: string[];
  /** The worker said it is ready (its backend loaded); until then its job's clock has the start-up allowance. */
  ready: boolean;
  /** Ends the worker once it has been idle for `idleMs`; null while it has a job. */
  idleTimer: NodeJS.Timeout | null;
  /** The pool ended this worker for being idle: its exit is no failure. */
  retired: boolean;
}

const BOOTSTRAP = new URL('./predict-worker-bootstrap.mjs', import.meta.url);
const WORKER_ENTRY = new URL('./predict-worker.ts', import.meta.url);
// Background compute: below the event loop's priority, where the OS supports per-thread nice values.
const WORKER_NICE = 10;
// Starting a thread (loading TensorFlow.js and ONNX Runtime) is not the prediction's time: a job
// sent to a worker that is still starting gets this much longer, and the clock restarts once it is ready.
const STARTUP_ALLOWANCE_MS = 60_000;
/** How long an idle prediction worker lives when the pool is not told (the API passes its setting). */
export const DEFAULT_PREDICT_IDLE_MS = 600_000;

/**
 * A pool of worker threads for predictions, so decoding and inference never block the event loop.
 * Workers start on demand (an idle API starts none) up to `threads`; requests wait in a FIFO queue
 * while all are busy. A worker that dies fails only the prediction it was running; the next queued
 * request starts a fresh worker in its place.
 */
export function createPredictPool(options: PredictPoolOptions): PredictPool {
  const { threads, logger, modelsPerWorker = 3, timeoutMs = 120_000, maxQueue = 1000, maxQueueBytes = Infinity, workerEntry = WORKER_ENTRY, maxInputPixels = DEFAULT_MAX_INPUT_PIXELS, idleMs = DEFAULT_PREDICT_IDLE_MS, keepOneWhile } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let queuedBytes = 0;
  let nextId = 1;
  let replaced = 0;
  let modelLoads = 0;
  let retiredCount = 0;
  let closed = false;
  // Busy workers each run one ONNX Runtime session; more threads than cores in all only adds
  // contention (and spinning threads that delay the event loop).
  const onnxThreads = Math.max(1, Math.floor(availableParallelism() / threads));

  function spawn(): Slot {
    const workerData: PredictWorkerData = { entry: workerEntry.href, modelsPerWorker, nice: WORKER_NICE, onnxThreads, maxInputPixels };
    const slot: Slot = { worker: new Worker(BOOTSTRAP, { workerData, name: 'transferlab-predict' }), job: null, timer: null, failure: null, recentModels: [], ready: false, idleTimer: null, retired: false };
    slot.worker.on('message', (message: WorkerMessage) => onMessage(slot, message));
    slot.worker.on('error', (error) => {
      slot.failure ??= error;
    });
    slot.worker.on('exit', (code) => onExit(slot, code));
    slots.push(slot);
    return slot;
  }

  // Not on `threads` workers at once: each idle worker has its own clock, so a burst's extra
  // workers go while a steady trickle keeps one.
  function idleFrom(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => void retireIfIdle(slot), idleMs);
    slot.idleTimer.unref();
  }

  async function retireIfIdle(slot: Slot): Promise<void> {
    slot.idleTimer = null;
    if (slot.job || closed) return;
    const keep = slots.length === 1 && keepOneWhile ? await keepOneWhile().catch(() => false) : false;
    // While that was awaited a job may have reached the worker (its timer restarts when it ends),
    // the worker may have died, or the pool closed.
    if (slot.job || slot.idleTimer || closed || !slots.includes(slot)) return;
    if (keep) {
      idleFrom(slot);
      return;
    }
    slot.retired = true;
    retiredCount++;
    slots.splice(slots.indexOf(slot), 1);
    logger.info({ threadId: slot.worker.threadId, idleMs }, 'prediction worker idle; ended it to release its memory');
    void slot.worker.terminate();
  }

  function onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'backend') {
      logger.info({ threadId: slot.worker.threadId, backend: message.description }, 'prediction worker ready');
      slot.ready = true;
      if (slot.job) startClock(slot);
      return;
    }
    if (slot.retired) return;
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    finish(slot);
    idleFrom(slot);
    if (message.type === 'result' && message.loaded) modelLoads++;
    if (message.type === 'result') job.resolve(message.predictions);
    else job.reject(deserializeError(message.error));
    dispatch();
  }

  function onExit(slot: Slot, code: number): void {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    const job = slot.job;
    finish(slot);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    if (closed || slot.retired) return;
    replaced++;
    const why = slot.failure?.message ?? `exit code ${code}`;
    logger.error({ threadId: slot.worker.threadId, err: slot.failure, code, modelId: job?.message.modelId }, 'prediction worker died; starting another on demand');
    job?.reject(slot.failure?.name === 'PredictTimeoutError' ? slot.failure : new Error(`The prediction worker stopped unexpectedly (${why}); try again.`));
    dispatch();
  }

  function finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  function pickIdle(modelId: string): Slot | undefined {
    const idle = slots.filter((s) => !s.job && !s.failure);
    return idle.find((s) => s.recentModels.includes(modelId)) ?? idle[0] ?? (slots.length < threads ? spawn() : undefined);
  }

  function dispatch(): void {
    while (!closed && queue.length > 0) {
      const slot = pickIdle(queue[0]!.message.modelId);
      if (!slot) return;
      const job = queue.shift()!;
      queuedBytes -= imageBytes(job.message);
      run(slot, job);
    }
  }

  function run(slot: Slot, job: Job): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.job = job;
    const { modelId } = job.message;
    slot.recentModels = [...slot.recentModels.filter((m) => m !== modelId), modelId].slice(-modelsPerWorker);
    startClock(slot);
    slot.worker.postMessage(job.message);
  }

  function startClock(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      const error = new Error(`The prediction took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; try again or use a smaller model.`);
      error.name = 'PredictTimeoutError';
      slot.failure = error;
      void slot.worker.terminate();
    }, slot.ready ? timeoutMs : timeoutMs + STARTUP_ALLOWANCE_MS);
  }

  return {
    predict({ modelId, modelDir, image, topK }) {
      if (closed) return Promise.reject(new Error('The prediction pool is closed.'));
      if (queue.length >= maxQueue) return Promise.reject(new PredictQueueFullError(`${queue.length} predictions are already waiting (the limit is ${maxQueue}); try again shortly.`));
      if (queue.length > 0 && queuedBytes + image.byteLength > maxQueueBytes) {
        return Promise.reject(new PredictQueueFullError(`${megabytes(queuedBytes)} MB of images are already waiting for a prediction (the limit is ${megabytes(maxQueueBytes)} MB); try again shortly.`));
      }
      return new Promise<Prediction[]>((resolve, reject) => {
        const id = nextId++;
        queuedBytes += image.byteLength;
        queue.push({ id, message: { type: 'predict', id, modelId, modelDir, image, topK }, resolve, reject });
        dispatch();
      });
    },
    warm({ modelId, modelDir }) {
      if (closed || queue.length >= maxQueue || slots.some((s) => s.recentModels.includes(modelId))) return Promise.resolve();
      return new Promise<Prediction[]>((resolve, reject) => {
        const id = nextId++;
        queue.push({ id, message: { type: 'warm', id, modelId, modelDir }, resolve, reject });
        dispatch();
      }).then(() => undefined);
    },
    start() {
      if (closed || slots.length > 0) return;
      idleFrom(spawn());
    },
    stats(): PredictPoolStats {
      return { workers: slots.length, busy: slots.filter((s) => s.job).length, queued: queue.length, queuedBytes, replaced, retired: retiredCount, modelLoads };
    },
    async close() {
      if (closed) return;
      closed = true;
      const error = new Error('The API is shutting down; the prediction was not run.');
      for (const job of queue.splice(0)) job.reject(error);
      queuedBytes = 0;
      await Promise.all(
        slots.splice(0).map(async (slot) => {
          const job = slot.job;
          finish(slot);
          if (slot.idleTimer) clearTimeout(slot.idleTimer);
          job?.reject(error);
          await slot.worker.terminate();
        }),
      );
    },
  };
}

function imageBytes(message: JobMessage): number {
  return message.type === 'predict' ? message.image.byteLength : 0;
}
