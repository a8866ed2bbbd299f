import { pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** A trainer's credential. Workers serve every team of the server, so it belongs to no team. */
export const workerTokens = pgTable(
  'worker_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    // sha256 (hex) of the token, never the token itself.
    tokenHash: text('token_hash').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('worker_tokens_token_hash_unique').on(t.tokenHash)],
);

export type WorkerToken = typeof workerTokens.$inferSelect;
export type NewWorkerToken = typeof workerTokens.$inferInsert;
