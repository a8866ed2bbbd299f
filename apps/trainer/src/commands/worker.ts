import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { MAX_TRAINER_MEMORY_MB } from '@transferlab/ml-core/no-tfjs';
import type { TrainerEnv } from '../env';
import { parseIntegerBetween } from '../options';
import { startBackend } from '../start-backend';
import { ApiClient } from '../worker/api-client';
import { ImageCache } from '../worker/image-cache';
import { defaultTrainerMemoryMb, DEFAULT_MEMORY_SHARE, memoryPerRunMb } from '../worker/trainer-memory';

interface WorkerFlags {
  api?: string;
  token?: string;
  tokenFile?: string;
  name?: string;
  concurrency: number;
  memoryMb?: number;
  pollMs: number;
  checkpointSeconds: number;
  once?: boolean;
}

export function registerWorkerCommand(program: Command, env: TrainerEnv): void {
  program
    .command('worker')
    .description('Claim queued runs from the API and train them, reporting progress, epochs and models as it goes.')
    .option('--api <url>', 'the API base URL (env TRANSFERLAB_API_URL), e.g. http://127.0.0.1:4000')
    .option('--token <token>', 'a worker token (env TRANSFERLAB_WORKER_TOKEN)')
    .option('--token-file <path>', 'read the worker token from a file (env TRANSFERLAB_WORKER_TOKEN_FILE)')
    .option('--name <name>', 'worker name shown on runs (default: host-pid)')
    .option('--concurrency <n>', 'runs trained at once', parseIntegerBetween(1, 16), 1)
    .option(
      '--memory-mb <mb>',
      `memory this worker has for runs, shared by --concurrency; it claims only runs estimated to fit (env TRANSFERLAB_TRAINER_MEMORY_MB; default ${DEFAULT_MEMORY_SHARE * 100}% of the machine's)`,
      parseIntegerBetween(1, MAX_TRAINER_MEMORY_MB),
    )
    .option('--poll-ms <ms>', 'wait between claims when the queue is empty', parseIntegerBetween(50, 600_000), 2000)
    .option('--checkpoint-seconds <s>', 'upload a checkpoint after an epoch when the last is this old, so another worker can resume the run (0: every epoch)', parseIntegerBetween(0, 86_400), 60)
    .option('--once', 'exit after one run')
    .action(async (flags: WorkerFlags) => {
      const apiUrl = flags.api ?? env.apiUrl;
      if (!apiUrl) throw new Error('Give the API URL with --api or TRANSFERLAB_API_URL.');
      const token = flags.token ?? env.workerToken ?? (await readToken(flags.tokenFile ?? env.workerTokenFile));
      if (!token) throw new Error('Give a worker token with --token, --token-file, TRANSFERLAB_WORKER_TOKEN or TRANSFERLAB_WORKER_TOKEN_FILE (create one with `transferlab-api worker-token --name NAME`).');
      const memoryMb = flags.memoryMb ?? env.trainerMemoryMb ?? defaultTrainerMemoryMb();
      const backend = await startBackend(env, true);
      const { FeatureCache, describeBackend, frozenEngineInUse, TFJS_VERSION } = await import('@transferlab/ml-core');
      const { runWorker } = await import('../worker/worker-loop');
      // Decided once, before the first claim, so every run this worker takes records where its frozen layers ran.
      const frozen = await frozenEngineInUse();
      const log = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);
      log(`worker on ${describeBackend(backend)}, frozen layers on ${frozen.engine}${frozen.reason ? ` (${frozen.reason})` : ''}, ${memoryMb} MB for runs; API ${apiUrl}`);
      const controller = new AbortController();
      const stop = () => {
        log('stopping after the current run (signal again to quit now)');
        controller.abort();
        process.once('SIGINT', () => process.exit(130));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await runWorker({
        api: new ApiClient(apiUrl, token),
        name: flags.name,
        backend,
        frozenEngine: frozen.engine,
        images: new ImageCache(join(env.dataDir, 'worker-images')),
        featureCache: new FeatureCache(env.featureCacheDir),
        weights: { cacheDir: env.weightsDir, baseUrl: env.weightsBaseUrl },
        maxInputPixels: env.maxInputPixels,
        concurrency: flags.concurrency,
        memoryPerRunMb: memoryPerRunMb(memoryMb, flags.concurrency),
        pollMs: flags.pollMs,
        heartbeatMs: 10_000,
        checkpointSeconds: flags.checkpointSeconds,
        versions: { node: process.version, tfjs: TFJS_VERSION, transferlab: '0.1.0' },
        signal: controller.signal,
        maxRuns: flags.once ? 1 : undefined,
        log,
      });
    });
}

async function readToken(path: string | undefined): Promise<string | undefined> {
  if (!path) return undefined;
  try {
    return (await readFile(path, 'utf8')).trim() || undefined;
  } catch {
    throw new Error(`Cannot read the worker token file ${path}.`);
  }
}
