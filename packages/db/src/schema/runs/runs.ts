import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { datasets } from '../datasets/datasets';
import { teams } from '../teams/teams';
import { users } from '../users/users';
import { backboneWeights } from '../weights/backbone-weights';
import { runStatus, strategy } from './enums';
import { runGroups } from './run-groups';
import type { RunConfig, RunFailure, RunProgress, RunWeights, RunWorker, UploadedModelFiles } from './types';

/** A training run; the table is also the work queue (see `claimNextRun`). */
export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    // No cascade: a dataset that runs (and so models) were trained on is not deleted from under them.
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    name: text('name'),
    // The group the run was queued in (a ladder), if any; deleting a group leaves its runs.
    groupId: uuid('group_id').references(() => runGroups.id, { onDelete: 'set null' }),
    strategy: strategy('strategy').notNull(),
    status: runStatus('status').notNull().default('QUEUED'),
    config: jsonb('config').$type<RunConfig>().notNull(),
    // ml-core's estimate of the run's peak memory on a trainer; a trainer declaring less never claims it.
    // Null for runs queued before estimates existed: any trainer may claim those.
    memoryEstimateMb: integer('memory_estimate_mb'),
    progress: jsonb('progress').$type<RunProgress>(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    // The lease: the worker that holds the run and until when; heartbeats push the expiry forward.
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    // New at every claim: two trainers sharing one token (--concurrency) are told apart by it, so a
    // worker whose claim was taken over cannot act on the run it used to hold.
    leaseId: uuid('lease_id'),
    worker: jsonb('worker').$type<RunWorker>(),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    error: text('error'),
    failure: jsonb('failure').$type<RunFailure>(),
    bestValAccuracy: real('best_val_accuracy'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    // The last epoch checkpoint in the file store, so that a retried attempt resumes instead of restarting.
    checkpointSha256: text('checkpoint_sha256'),
    // The model files the worker uploaded (POST /api/runs/{id}/model), kept until finishRun turns them
    // into a model version; an attempt that uploads again replaces them.
    modelFiles: jsonb('model_files').$type<UploadedModelFiles>(),
    // The team's uploaded weights the run starts from (null: ImageNet or random, as its config says).
    // Set null when they are deleted after the run ended; `weights` keeps what they were.
    weightsId: uuid('weights_id').references(() => backboneWeights.id, { onDelete: 'set null' }),
    weights: jsonb('weights').$type<RunWeights>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('runs_status_created_at_idx').on(t.status, t.createdAt),
    index('runs_team_id_created_at_idx').on(t.teamId, t.createdAt),
    index('runs_dataset_id_idx').on(t.datasetId),
    index('runs_weights_id_idx').on(t.weightsId),
    index('runs_group_id_idx').on(t.groupId),
  ],
);

export type Run = typeof runs.$inferSelect;
export type NewRun = typeof runs.$inferInsert;

/** Statuses a run never leaves. */
export const finishedRunStatuses = ['SUCCEEDED', 'FAILED', 'CANCELED'] as const satisfies readonly Run['status'][];

