import { resolve } from 'node:path';
import { DEFAULT_MAX_IMAGE_MEGAPIXELS, maxImageMegapixelsSetting, megapixelsToPixels } from '@transferlab/ml-core';
import { z } from 'zod';

// The only module that reads process.env (STYLE.md). Defaults are the embedded, one-machine
// set-up: PGlite and files under ./.data. DATABASE_URL switches to a real PostgreSQL.
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  TRANSFERLAB_DATA_DIR: z.string().min(1).default('.data'),
  /** The URL clients use to reach this API (for download URLs); defaults to the listening address. */
  TRANSFERLAB_PUBLIC_URL: z.url().optional(),
  TRANSFERLAB_MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  /** Images (uploads, zip imports, predictions) declaring more pixels are refused from their header. */
  TRANSFERLAB_MAX_IMAGE_MEGAPIXELS: maxImageMegapixelsSetting.default(DEFAULT_MAX_IMAGE_MEGAPIXELS),
  TRANSFERLAB_PREDICT_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  TRANSFERLAB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRANSFERLAB_CORS_ORIGINS: z.string().optional(),
  /** How long a claimed run stays leased without a heartbeat before it goes back to the queue. */
  TRANSFERLAB_LEASE_MS: z.coerce.number().int().min(100).default(60_000),
});

export interface ApiEnv {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  maxUploadBytes: number;
  maxInputPixels: number;
  predictThreads: number;
  logLevel: z.output<typeof schema>['TRANSFERLAB_LOG_LEVEL'];
  corsOrigins: string[];
  leaseMs: number;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.TRANSFERLAB_DATA_DIR),
    publicUrl: e.TRANSFERLAB_PUBLIC_URL,
    maxUploadBytes: Math.round(e.TRANSFERLAB_MAX_UPLOAD_MB * 1024 * 1024),
    maxInputPixels: megapixelsToPixels(e.TRANSFERLAB_MAX_IMAGE_MEGAPIXELS),
    predictThreads: e.TRANSFERLAB_PREDICT_THREADS,
    logLevel: e.TRANSFERLAB_LOG_LEVEL,
    corsOrigins: e.TRANSFERLAB_CORS_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean) ?? [],
    leaseMs: e.TRANSFERLAB_LEASE_MS,
  };
}
