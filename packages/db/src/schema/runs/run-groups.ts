import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams';
import { users } from '../users/users';
import { runGroupKind } from './enums';

/**
 * Runs queued together so that their numbers are comparable (the transfer ladder: baseline, feature
 * extraction and fine-tuning on one split and seed). The kind says how the group was made, so that
 * a later kind (a sweep over a grid) is a new enum value, not a new table.
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
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('run_groups_team_id_created_at_idx').on(t.teamId, t.createdAt)],
);

export type RunGroup = typeof runGroups.$inferSelect;
export type NewRunGroup = typeof runGroups.$inferInsert;
