import { describeBackend, selectBackend, setFrozenEngine, type BackendInfo } from '@transferlab/ml-core';
import type { TrainerEnv } from './env';

/** Picks the compute backend (and where frozen layers run) once per process and says which on stderr. */
export async function startBackend(env: TrainerEnv, quiet = false): Promise<BackendInfo> {
  const info = await selectBackend({ prefer: env.backend });
  setFrozenEngine(env.frozenEngine);
  if (!quiet) process.stderr.write(`backend: ${describeBackend(info)}; frozen layers: ${env.frozenEngine}\n`);
  return info;
}
