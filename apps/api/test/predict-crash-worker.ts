// A stand-in prediction worker for the pool tests: speaks the real worker's protocol without
// TensorFlow.js, and misbehaves on request. The image's text says what to do:
// "crash" throws an uncaught error, "exit" ends the thread, "hang" never answers, "slow" answers
// after 300 ms; anything else answers at once with the image's text as the label.
import { parentPort, threadId } from 'node:worker_threads';
import type { PredictJobMessage, WorkerMessage } from '../src/predict/worker-protocol';

const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);
send({ type: 'backend', description: 'stand-in' });

port.on('message', (job: PredictJobMessage) => {
  const text = Buffer.from(job.image).toString('utf8');
  const answer = () => send({ type: 'result', id: job.id, predictions: [{ label: `${text}@${threadId}`, probability: 1 }], loaded: false });
  if (text === 'crash') {
    setImmediate(() => {
      throw new Error('the stand-in worker crashed on purpose');
    });
  } else if (text === 'exit') process.exit(3);
  else if (text === 'hang') return;
  else if (text === 'slow') setTimeout(answer, 300);
  else answer();
});
