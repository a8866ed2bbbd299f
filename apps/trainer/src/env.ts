import { resolve } from 'node:path';
import { DEFAULT_MAX_IMAGE_MEGAPIXELS, MAX_TRAINER_MEMORY_MB, maxImageMegapixelsSetting, megapixelsToPixels } from '@transferlab/ml-core/no-tfjs';
import { z } from 'zod';

// The only module that reads process.env (see STYLE.md); everything else receives these values.
const schema = z.object({
  TRANSFERLAB_BACKEND: z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  /** Where frozen layers (and the unfrozen layers it can train) run; 'auto' prefers ONNX Runtime unless TensorFlow.js is native. */
  TRANSFERLAB_FROZEN_ENGINE: z.enum(['auto', 'onnxruntime', 'tensorflow.js']).default('auto'),
  TRANSFERLAB_DATA_DIR: z.string().min(1).default('.data'),
  TRANSFERLAB_WEIGHTS_DIR: z.string().min(1).optional(),
  /** Replaces Keras's weights host, for mirrors and for tests against a local server. */
  TRANSFERLAB_WEIGHTS_BASE_URL: z.url().optional(),
  TRANSFERLAB_DEBUG: z.enum(['0', '1']).default('0'),
  /** Images declaring more pixels are skipped (datasets) or refused (predict, embed) from their header; as the API's. */
  TRANSFERLAB_MAX_IMAGE_MEGAPIXELS: maxImageMegapixelsSetting.default(DEFAULT_MAX_IMAGE_MEGAPIXELS),
  /** The worker's API and token (flags --api/--token override them). */
  TRANSFERLAB_API_URL: z.url().optional(),
  TRANSFERLAB_WORKER_TOKEN: z.string().min(1).optional(),
  TRANSFERLAB_WORKER_TOKEN_FILE: z.string().min(1).optional(),
  /** The memory a worker declares it has for runs (--memory-mb overrides it); default: most of the machine's. */
  TRANSFERLAB_TRAINER_MEMORY_MB: z.coerce.number().int().min(1).max(MAX_TRAINER_MEMORY_MB).optional(),
});

export type TrainerEnv = {
  backend: z.output<typeof schema>['TRANSFERLAB_BACKEND'];
  frozenEngine: z.output<typeof schema>['TRANSFERLAB_FROZEN_ENGINE'];
  dataDir: string;
  weightsDir: string;
  featureCacheDir: string;
  weightsBaseUrl: string | undefined;
  debug: boolean;
  maxInputPixels: number;
  apiUrl: string | undefined;
  workerToken: string | undefined;
  workerTokenFile: string | undefined;
  trainerMemoryMb: number | undefined;
};

export function readEnv(source: NodeJS.ProcessEnv = process.env): TrainerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.TRANSFERLAB_DATA_DIR);
  return {
    backend: e.TRANSFERLAB_BACKEND,
    frozenEngine: e.TRANSFERLAB_FROZEN_ENGINE,
    dataDir,
    weightsDir: resolve(e.TRANSFERLAB_WEIGHTS_DIR ?? `${dataDir}/weights`),
    featureCacheDir: resolve(`${dataDir}/feature-cache`),
    weightsBaseUrl: e.TRANSFERLAB_WEIGHTS_BASE_URL,
    debug: e.TRANSFERLAB_DEBUG === '1',
    maxInputPixels: megapixelsToPixels(e.TRANSFERLAB_MAX_IMAGE_MEGAPIXELS),
    apiUrl: e.TRANSFERLAB_API_URL,
    workerToken: e.TRANSFERLAB_WORKER_TOKEN,
    workerTokenFile: e.TRANSFERLAB_WORKER_TOKEN_FILE,
    trainerMemoryMb: e.TRANSFERLAB_TRAINER_MEMORY_MB,
  };
}
