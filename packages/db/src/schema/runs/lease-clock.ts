import { sql } from 'drizzle-orm';
import { check, smallint, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * When an API process last looked after the leases (one row). A gap longer than a lease means no
 * API could take heartbeats meanwhile (all were down, or the database was), so leases that expired
 * in it say nothing about their workers: see `graceAfterOutage`.
 */
export const leaseClock = pgTable(
  'lease_clock',
  {
    id: smallint('id').primaryKey().default(1),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('lease_clock_one_row', sql`${t.id} = 1`)],
);
