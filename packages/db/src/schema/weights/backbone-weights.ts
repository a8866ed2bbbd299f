import { index, integer, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { backbone } from '../runs/enums';
import { teams } from '../teams/teams';
import { users } from '../users/users';
import { weightsFormat } from './enums';

/**
 * Pretrained starting weights a team uploaded for one backbone. The file (always a Keras HDF5
 * weights file: TF.js exports are converted on upload) lives in the file store under `sha256`.
 */
export const backboneWeights = pgTable(
  'backbone_weights',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    backbone: backbone('backbone').notNull(),
    // The width multiplier, for backbones that have one.
    alpha: real('alpha'),
    format: weightsFormat('format').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('backbone_weights_team_name_unique').on(t.teamId, t.name), index('backbone_weights_team_id_created_at_idx').on(t.teamId, t.createdAt)],
);

export type BackboneWeights = typeof backboneWeights.$inferSelect;
export type NewBackboneWeights = typeof backboneWeights.$inferInsert;
