import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams';
import { users } from '../users/users';

/** A long-lived token that acts for one team (tools, CI); shown to its creator once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    // sha256 (hex) of the token, never the token itself.
    tokenHash: text('token_hash').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('api_tokens_token_hash_unique').on(t.tokenHash), index('api_tokens_team_id_idx').on(t.teamId)],
);

export type ApiToken = typeof apiTokens.$inferSelect;
export type NewApiToken = typeof apiTokens.$inferInsert;
