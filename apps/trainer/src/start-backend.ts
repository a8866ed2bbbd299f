import type { BackendInfo } from '@transferlab/ml-core';
import type { TrainerEnv } from './env';

// Commands load ml-core (TensorFlow.js, ONNX Runtime, sharp: seconds) here, when they run, and
// not when the command line only parses flags or prints help (those use '@transferlab/ml-core/no-tfjs').

/** Picks the compute backend (and where frozen layers run) once per process and says which on stderr. */
export async function startBackend(env: TrainerEnv, quiet = false): Promise<BackendInfo> {
  const { describeBackend, selectBackend, setFrozenEngine } = await import('@transferlab/ml-core');
  const info = await selectBackend({ prefer: env.backend });
  setFrozenEngine(env.frozenEngine);
  if (!quiet) process.stderr.write(`backend: ${describeBackend(info)}; frozen layers: ${env.frozenEngine}\n`);
  return info;
}
