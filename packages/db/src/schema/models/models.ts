import { index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { backbone } from '../runs/enums';
import { runs } from '../runs/runs';
import { teams } from '../teams/teams';
import type { ClassMetric, ModelFiles, ModelMetadata } from './types';

/** A trained model version: what a SUCCEEDED run yields. */
export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    // No cascade: deleting a run must not silently delete the model (and its aliases) it produced.
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id),
    name: text('name').notNull(),
    // 1, 2, ... per team and name.
    version: integer('version').notNull(),
    // Class names in the index order of the output layer.
    classes: jsonb('classes').$type<string[]>().notNull(),
    imageSize: integer('image_size').notNull(),
    // Null for a BASELINE model, which has no pretrained backbone.
    backbone: backbone('backbone'),
    valAccuracy: real('val_accuracy'),
    // Rows are the true class, columns the predicted one, in `classes` order.
    confusionMatrix: jsonb('confusion_matrix').$type<number[][]>().notNull(),
    classMetrics: jsonb('class_metrics').$type<ClassMetric[]>().notNull(),
    metadata: jsonb('metadata').$type<ModelMetadata>().notNull(),
    files: jsonb('files').$type<ModelFiles>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('models_run_id_unique').on(t.runId),
    unique('models_team_name_version_unique').on(t.teamId, t.name, t.version),
    index('models_team_id_created_at_idx').on(t.teamId, t.createdAt),
  ],
);

export type Model = typeof models.$inferSelect;
export type NewModel = typeof models.$inferInsert;
