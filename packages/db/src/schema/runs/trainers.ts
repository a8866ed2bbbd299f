import { index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { workerTokens } from '../auth/worker-tokens';

/**
 * Each trainer the API has heard from (a worker token and the name the trainer reports), with the
 * memory it declares and when it last claimed or heartbeated. startRun refuses a run no trainer
 * seen lately could hold.
 */
export const trainers = pgTable(
  'trainers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workerTokenId: uuid('worker_token_id')
      .notNull()
      .references(() => workerTokens.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // Null: the trainer did not say (an older trainer); it counts for no memory bound.
    memoryMb: integer('memory_mb'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('trainers_worker_token_id_name_unique').on(t.workerTokenId, t.name), index('trainers_last_seen_at_idx').on(t.lastSeenAt)],
);

export type Trainer = typeof trainers.$inferSelect;
