import type { AppDb, Database } from '@transferlab/db';
import type { PasswordHasher } from './auth/password-hasher';
import type { SignInThrottle } from './auth/sign-in-throttle';
import type { Viewer } from './auth/viewer';
import type { EventBus } from './events/event-bus';
import type { FileStore } from './files/file-store';
import type { Logger } from './logger';
import type { PredictPool } from './predict/predict-pool';
import type { FinishedRunMetrics } from './runs/finished-run-metrics';
import type { RunQueueLimits } from './runs/run-queue-limits';

/** What every request and socket operation shares: long-lived services plus who is asking. */
export interface ApiServices {
  database: Database;
  db: AppDb;
  events: EventBus;
  files: FileStore;
  /** Where model folders are materialised for loading (by model id). */
  modelsDir: string;
  predict: PredictPool;
  /** A claim starts a prediction thread (TRANSFERLAB_PREDICT_WHILE_TRAINING). */
  predictWhileTraining: boolean;
  logger: Logger;
  /** Absolute base URL for links handed to clients (image and model downloads). */
  publicUrl: string;
  maxUploadBytes: number;
  /** All files of one upload request together (multipart or zip). */
  maxUploadRequestBytes: number;
  /** One pretrained-weights upload, all its files together. */
  maxWeightsBytes: number;
  /** Images declaring more pixels are refused from their header, before anything decodes them. */
  maxInputPixels: number;
  leaseMs: number;
  /** After an outage longer than a lease, how long running runs' workers have to heartbeat again. */
  leaseGraceMs: number;
  runQueue: RunQueueLimits;
  finishedRunMetrics: FinishedRunMetrics;
  signInThrottle: SignInThrottle;
  passwords: PasswordHasher;
}

export interface ApiContext extends ApiServices {
  viewer: Viewer;
  requestId: string;
  /** The client's address (through trusted proxies), for counting sign-in attempts. */
  clientAddress: string;
}
