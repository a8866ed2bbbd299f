import { doublePrecision, integer, pgTable, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { phase } from './enums';
import { runs } from './runs';

/** One row per epoch of a training phase, as the worker reports them. */
export const epochMetrics = pgTable(
  'epoch_metrics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    phase: phase('phase').notNull(),
    // 1-based within the phase.
    epoch: integer('epoch').notNull(),
    loss: doublePrecision('loss').notNull(),
    accuracy: doublePrecision('accuracy').notNull(),
    valLoss: doublePrecision('val_loss'),
    valAccuracy: doublePrecision('val_accuracy'),
    learningRate: doublePrecision('learning_rate').notNull(),
    durationMs: integer('duration_ms').notNull(),
    imagesPerSecond: doublePrecision('images_per_second').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A worker that retries a report (or a resumed attempt) must not duplicate an epoch: insert with
    // onConflictDoNothing on this constraint.
    unique('epoch_metrics_run_phase_epoch_unique').on(t.runId, t.phase, t.epoch),
  ],
);

export type EpochMetric = typeof epochMetrics.$inferSelect;
export type NewEpochMetric = typeof epochMetrics.$inferInsert;
