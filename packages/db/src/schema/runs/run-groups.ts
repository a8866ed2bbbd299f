import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams';
import { users } from '../users/users';
import { runGroupKind } from './enums';
import type { SweepGrid } from './types';

/**
 * Runs queued together so that their numbers are comparable: the transfer ladder (baseline, feature
 * extraction and fine-tuning on one split and seed), or a sweep (one run per point of a grid of
 * hyperparameters). The kind says how the group was made; a new kind is a new enum value, not a new table.
 */
export const runGroups = pgTable(
  'run_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: runGroupKind('kind').notNull(),
    name: text('name'),
    /** A SWEEP's grid, as the user picked it (each run's own values are in its config); null for a LADDER. */
    grid: jsonb('grid').$type<SweepGrid>(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('run_groups_team_id_created_at_idx').on(t.teamId, t.createdAt)],
);

export type RunGroup = typeof runGroups.$inferSelect;
export type NewRunGroup = typeof runGroups.$inferInsert;
