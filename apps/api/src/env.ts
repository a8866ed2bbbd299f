import { resolve } from 'node:path';
import { DEFAULT_MAX_IMAGE_MEGAPIXELS, maxImageMegapixelsSetting, megapixelsToPixels } from '@transferlab/ml-core/no-tfjs';
import { z } from 'zod';
import { PASSWORD_HASH_DEFAULTS } from './auth/password-hasher';
import { SIGN_IN_DEFAULTS } from './auth/sign-in-throttle';
import { DEFAULT_PREDICT_IDLE_MS } from './predict/create-predict-pool';
import { RUN_QUEUE_DEFAULTS, type RunQueueLimits } from './runs/run-queue-limits';
import { CLAIM_ORDERS } from '@transferlab/db/queries';
import type { S3Settings } from './files/s3-file-store';

// The only module that reads process.env (STYLE.md). Defaults are the embedded, one-machine
// set-up: PGlite and files under ./.data. DATABASE_URL switches to a real PostgreSQL.
export const settingsSchema = z.object({
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
  /** A prediction thread with no work for this long ends, releasing its TensorFlow.js, ONNX Runtime and models. */
  TRANSFERLAB_PREDICT_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_PREDICT_IDLE_MS / 1000),
  /**
   * Start a prediction thread when a worker claims a run, and keep one while any run trains, so a
   * run's model answers within a second the moment it finishes; costs that thread's memory meanwhile.
   */
  TRANSFERLAB_PREDICT_WHILE_TRAINING: z.stringbool().default(true),
  TRANSFERLAB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRANSFERLAB_CORS_ORIGINS: z.string().optional(),
  /** How long a claimed run stays leased without a heartbeat before it goes back to the queue. */
  TRANSFERLAB_LEASE_MS: z.coerce.number().int().min(100).default(60_000),
  /** After no API could take heartbeats for longer than a lease, how long workers have to beat again. */
  TRANSFERLAB_LEASE_GRACE_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** GraphiQL at GET /graphql; turn it off on a public server that wants to show nothing. */
  TRANSFERLAB_GRAPHQL_IDE: z.stringbool().default(true),
  /**
   * The most fields one GraphQL operation may resolve, lists counted by their page size. A sweep's
   * page (up to 24 runs, each with its epochs' curves) prices at about 13,000, and the dashboard's
   * operations keep to half the default (operation-cost.test.ts).
   */
  TRANSFERLAB_GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(30_000),
  /** Run a signed-in caller's repeated documents compiled (graphql-jit); false interprets every one (graphql-js). */
  TRANSFERLAB_GRAPHQL_COMPILE: z.stringbool().default(true),
  /** The largest GraphQL request body, but for a signed-in caller's predict (which carries an image). */
  TRANSFERLAB_GRAPHQL_MAX_BODY_KB: z.coerce.number().int().min(16).default(256),
  /** All files of one upload request together (a multipart upload or a zip import). */
  TRANSFERLAB_MAX_UPLOAD_REQUEST_MB: z.coerce.number().positive().default(200),
  /** One pretrained-weights upload (an .h5 file, or a TF.js export's files or zip together). */
  TRANSFERLAB_MAX_WEIGHTS_MB: z.coerce.number().positive().default(256),
  /** Images waiting for a prediction worker, in all; a predict past it is asked to retry. */
  TRANSFERLAB_PREDICT_QUEUE_MB: z.coerce.number().positive().default(100),
  /** Failed sign-ins (and sign-ups) allowed per email and per client network in one window. */
  TRANSFERLAB_SIGN_IN_LIMIT: z.coerce.number().int().min(1).default(SIGN_IN_DEFAULTS.limit),
  TRANSFERLAB_SIGN_IN_WINDOW_SECONDS: z.coerce.number().positive().default(SIGN_IN_DEFAULTS.windowSeconds),
  /** Password hashes computed at once, and how many may wait for a turn before more are refused. */
  TRANSFERLAB_PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(PASSWORD_HASH_DEFAULTS.concurrency),
  TRANSFERLAB_PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).default(PASSWORD_HASH_DEFAULTS.maxQueued),
  /** Peers whose X-Forwarded-For names the client (the dashboard's server, a load balancer). */
  TRANSFERLAB_TRUST_PROXY: z.string().default('loopback'),
  /** `fair`: trainers take runs round-robin by team; `fifo`: oldest first. */
  TRANSFERLAB_CLAIM_ORDER: z.enum(CLAIM_ORDERS).default(RUN_QUEUE_DEFAULTS.claimOrder),
  /** Runs one team may have waiting in the queue; more are refused until some start. */
  TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM: z.coerce.number().int().min(1).default(RUN_QUEUE_DEFAULTS.maxQueuedRunsPerTeam),
  /** Trainers heard from (claim or heartbeat) this recently count for the memory a run may need. */
  TRANSFERLAB_TRAINER_SEEN_MINUTES: z.coerce.number().positive().default(RUN_QUEUE_DEFAULTS.trainerSeenMinutes),
  /** The memory assumed when no trainer declaring its memory was seen that recently. */
  TRANSFERLAB_DEFAULT_TRAINER_MEMORY_MB: z.coerce.number().int().min(1).default(RUN_QUEUE_DEFAULTS.defaultTrainerMemoryMb),
  /** Stores files in this S3-compatible bucket instead of the data folder (so API replicas share them); credentials come from the AWS SDK's usual chain. */
  TRANSFERLAB_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens')
    .optional(),
  /** The store's URL for MinIO and other S3-compatible servers; AWS's own endpoint when unset. */
  TRANSFERLAB_S3_ENDPOINT: z.url().optional(),
  TRANSFERLAB_S3_REGION: z.string().min(1).max(64).default('us-east-1'),
  /** Keys start with it (empty, or ending in `/`), so one bucket can hold several servers' files. */
  TRANSFERLAB_S3_PREFIX: z.string().max(256).regex(/^(?:[^/].*\/)?$/, 'must be empty or end in / (and not start with /), at most 256 characters').default(''),
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO needs. */
  TRANSFERLAB_S3_FORCE_PATH_STYLE: z.stringbool().default(false),
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
  predictIdleMs: number;
  predictWhileTraining: boolean;
  logLevel: z.output<typeof settingsSchema>['TRANSFERLAB_LOG_LEVEL'];
  corsOrigins: string[];
  leaseMs: number;
  leaseGraceMs: number;
  graphqlIde: boolean;
  graphqlMaxCost: number;
  graphqlCompile: boolean;
  maxGraphqlBodyBytes: number;
  maxUploadRequestBytes: number;
  predictQueueBytes: number;
  maxWeightsBytes: number;
  signInLimit: number;
  signInWindowMs: number;
  passwordHashConcurrency: number;
  passwordHashQueue: number;
  trustProxy: string[];
  runQueue: RunQueueLimits;
  /** The bucket files live in; the local data folder when undefined. */
  s3: S3Settings | undefined;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = settingsSchema.safeParse(source);
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
    predictIdleMs: e.TRANSFERLAB_PREDICT_IDLE_SECONDS * 1000,
    predictWhileTraining: e.TRANSFERLAB_PREDICT_WHILE_TRAINING,
    logLevel: e.TRANSFERLAB_LOG_LEVEL,
    corsOrigins: e.TRANSFERLAB_CORS_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean) ?? [],
    leaseMs: e.TRANSFERLAB_LEASE_MS,
    leaseGraceMs: e.TRANSFERLAB_LEASE_GRACE_MS,
    graphqlIde: e.TRANSFERLAB_GRAPHQL_IDE,
    graphqlMaxCost: e.TRANSFERLAB_GRAPHQL_MAX_COST,
    graphqlCompile: e.TRANSFERLAB_GRAPHQL_COMPILE,
    maxGraphqlBodyBytes: e.TRANSFERLAB_GRAPHQL_MAX_BODY_KB * 1024,
    maxUploadRequestBytes: Math.round(e.TRANSFERLAB_MAX_UPLOAD_REQUEST_MB * 1024 * 1024),
    predictQueueBytes: Math.round(e.TRANSFERLAB_PREDICT_QUEUE_MB * 1024 * 1024),
    maxWeightsBytes: Math.round(e.TRANSFERLAB_MAX_WEIGHTS_MB * 1024 * 1024),
    signInLimit: e.TRANSFERLAB_SIGN_IN_LIMIT,
    signInWindowMs: Math.round(e.TRANSFERLAB_SIGN_IN_WINDOW_SECONDS * 1000),
    passwordHashConcurrency: e.TRANSFERLAB_PASSWORD_HASH_CONCURRENCY,
    passwordHashQueue: e.TRANSFERLAB_PASSWORD_HASH_QUEUE,
    trustProxy: e.TRANSFERLAB_TRUST_PROXY.split(',').map((s) => s.trim()).filter(Boolean),
    runQueue: {
      claimOrder: e.TRANSFERLAB_CLAIM_ORDER,
      maxQueuedRunsPerTeam: e.TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM,
      trainerSeenMinutes: e.TRANSFERLAB_TRAINER_SEEN_MINUTES,
      defaultTrainerMemoryMb: e.TRANSFERLAB_DEFAULT_TRAINER_MEMORY_MB,
    },
    s3: e.TRANSFERLAB_S3_BUCKET
      ? {
          bucket: e.TRANSFERLAB_S3_BUCKET,
          endpoint: e.TRANSFERLAB_S3_ENDPOINT,
          region: e.TRANSFERLAB_S3_REGION,
          prefix: e.TRANSFERLAB_S3_PREFIX,
          forcePathStyle: e.TRANSFERLAB_S3_FORCE_PATH_STYLE,
        }
      : undefined,
  };
}
