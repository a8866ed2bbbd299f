// What the apps themselves say about their environment and ports, for the checks that compare the
// images and the compose file with them.
import { readEnvSchema, type EnvVar } from './env-schema';
import type { Image } from './images';

/**
 * Variables an image or the compose file may set although no env.ts reads them, with who reads
 * them instead. Anything else an image sets must be in its app's env module.
 */
export const PLATFORM_ENV: Record<string, { readBy: string; apps?: readonly string[] }> = {
  NODE_ENV: { readBy: 'Node.js libraries and Next.js (production behaviour)' },
  NEXT_TELEMETRY_DISABLED: { readBy: 'Next.js', apps: ['@transferlab/web'] },
  PORT: { readBy: '`next start`, which listens on it', apps: ['@transferlab/web'] },
  TF_FORCE_GPU_ALLOW_GROWTH: { readBy: 'libtensorflow (GPU memory allocation)', apps: ['@transferlab/trainer'] },
  TF_CPP_MIN_LOG_LEVEL: { readBy: 'libtensorflow (log level)', apps: ['@transferlab/trainer', '@transferlab/api'] },
  CUDA_CACHE_PATH: { readBy: 'the CUDA driver (compiled-kernel cache)', apps: ['@transferlab/trainer'] },
  CUDA_CACHE_MAXSIZE: { readBy: 'the CUDA driver (compiled-kernel cache)', apps: ['@transferlab/trainer'] },
  AWS_ACCESS_KEY_ID: { readBy: "the AWS SDK's credential chain (the API's S3 file store)", apps: ['@transferlab/api'] },
  AWS_SECRET_ACCESS_KEY: { readBy: "the AWS SDK's credential chain (the API's S3 file store)", apps: ['@transferlab/api'] },
};

/** `next start` listens on PORT, or 3000. */
const NEXT_DEFAULT_PORT = 3000;

export function appSchema(image: Pick<Image, 'envModule'>): EnvVar[] {
  return readEnvSchema(image.envModule);
}

/** Whether `name` is read by the app the image runs (its env module or a platform reader). */
export function isReadBy(image: Pick<Image, 'envModule' | 'target'>, name: string): { ok: boolean; reader: string } {
  if (appSchema(image).some((v) => v.name === name)) return { ok: true, reader: image.envModule };
  const platform = PLATFORM_ENV[name];
  if (platform && (!platform.apps || platform.apps.includes(image.target))) return { ok: true, reader: platform.readBy };
  return { ok: false, reader: '' };
}

/** The port the app listens on inside the container with this environment, if it listens at all. */
export function listenPort(image: Pick<Image, 'envModule' | 'target'>, env: ReadonlyMap<string, string>): number | undefined {
  const port = appSchema(image).find((v) => v.name === 'PORT');
  if (port) return Number(env.get('PORT') ?? port.defaultValue);
  if (image.target === '@transferlab/web') return Number(env.get('PORT') ?? NEXT_DEFAULT_PORT);
  return undefined;
}
