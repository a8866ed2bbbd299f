// Runs inside a worker thread (see create-predict-pool.ts): loads ml-core, picks the fastest
// TensorFlow.js backend this machine has, and answers one prediction at a time, keeping the few
// most recently used models loaded.
import { parentPort, workerData } from 'node:worker_threads';
import { describeBackend, loadModel, predictImages, releaseModel, selectBackend, setOnnxThreads, type LoadedModel } from '@transferlab/ml-core';
import { ModelCache } from './model-cache';
import { serializeError, type JobMessage, type PredictWorkerData, type WorkerMessage } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('predict-worker.ts must run in a worker thread started by createPredictPool.');
const { modelsPerWorker, onnxThreads, maxInputPixels } = workerData as PredictWorkerData;
setOnnxThreads(onnxThreads);

const send = (message: WorkerMessage) => port.postMessage(message);

const backend = selectBackend({ prefer: 'auto' }).then((info) => {
  send({ type: 'backend', description: describeBackend(info) });
  return info;
});

const models = new ModelCache<LoadedModel>(modelsPerWorker, (loaded) => void releaseModel(loaded));

async function answer(job: JobMessage): Promise<WorkerMessage> {
  try {
    await backend;
    let loadedNow = false;
    const loaded = await models.get(job.modelId, () => {
      loadedNow = true;
      return loadModel(job.modelDir);
    });
    if (job.type === 'warm') return { type: 'result', id: job.id, predictions: [], loaded: loadedNow };
    const [predictions] = await predictImages(loaded, [job.image], { topK: job.topK, maxInputPixels });
    return { type: 'result', id: job.id, predictions: predictions ?? [], loaded: loadedNow };
  } catch (error) {
    return { type: 'error', id: job.id, error: serializeError(error) };
  }
}

// The pool sends a worker one job at a time; chaining keeps that true even if it did not.
let queue = Promise.resolve();
port.on('message', (job: JobMessage) => {
  queue = queue.then(async () => send(await answer(job)));
});
