import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Sign-in and sign-up attempts per key (an email or a client network) in the current window. In
 * the database, not in memory, so every API replica counts against the same budget.
 */
export const signInThrottles = pgTable(
  'sign_in_throttles',
  {
    // "email:<address>" or "network:<client address or IPv6 /64>".
    key: text('key').primaryKey(),
    attempts: integer('attempts').notNull(),
    windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sign_in_throttles_window_ends_at_idx').on(t.windowEndsAt)],
);

export type SignInThrottle = typeof signInThrottles.$inferSelect;
