// A prediction worker's entry point. Worker threads do not inherit the main thread's tsx
// loader (module.register hooks are per thread in Node 20), and `--import tsx` in a worker's
// execArgv is not applied to its entry, so the worker registers tsx itself and then imports the
// TypeScript module named in workerData. Plain JavaScript, because nothing can compile it yet.
import { platform, setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// On Linux a nice value belongs to a thread, so this lowers only this worker (and the threads it
// starts): on a busy machine the event loop serving requests gets the CPU first.
if (platform() === 'linux' && workerData.nice) {
  try {
    setPriority(0, workerData.nice);
  } catch {
    // Not allowed here (some containers); the worker just runs at normal priority.
  }
}
register();
await import(workerData.entry);
