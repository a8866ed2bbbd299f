import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams';
import { models } from './models';

/** A movable name for one version of a model, e.g. "production". */
export const modelAliases = pgTable(
  'model_aliases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    modelName: text('model_name').notNull(),
    alias: text('alias').notNull(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Moving an alias to another version is an upsert on this constraint.
    unique('model_aliases_team_model_name_alias_unique').on(t.teamId, t.modelName, t.alias),
    index('model_aliases_model_id_idx').on(t.modelId),
  ],
);

export type ModelAlias = typeof modelAliases.$inferSelect;
export type NewModelAlias = typeof modelAliases.$inferInsert;
