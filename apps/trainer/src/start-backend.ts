import { describeBackend, selectBackend } from '@transferlab/ml-core';
import type { TrainerEnv } from './env';

/** Picks the compute backend once per process and says which on stderr. */
export async function startBackend(env: TrainerEnv, quiet = false): Promise<void> {
  const info = await selectBackend({ prefer: env.backend });
  if (!quiet) process.stderr.write(`backend: ${describeBackend(info)}\n`);
}
