import { sql } from 'drizzle-orm';
import { leaseClock } from '../schema';
import type { DbExecutor } from '../types';

export interface GraceAfterOutageOptions {
  /** A gap in the lease clock longer than this is an outage. */
  leaseMs: number;
  /** How long every running run's worker then has to heartbeat again before its lease counts as expired. */
  graceMs: number;
}

/**
 * Stamps the lease clock; when it was last stamped more than a lease ago (or never), first pushes
 * every running run's lease to at least `graceMs` from now, so that neither a claim nor the sweeper
 * takes a run from a worker that only could not reach the API. One statement: any number of API
 * processes may call it at once, and the row lock makes the later ones see the fresh stamp.
 * Returns how many leases it extended.
 */
export async function graceAfterOutage(db: DbExecutor, { leaseMs, graceMs }: GraceAfterOutageOptions): Promise<number> {
  // No grace: nothing to grant (and a lease set to the transaction's now() would not count as expired in it).
  if (graceMs <= 0) return 0;
  const rows = await db.execute<{ extended: number }>(sql`
    with previous as (
      select ${leaseClock.checkedAt} as checked_at from ${leaseClock} where ${leaseClock.id} = 1 for update
    ), outage as (
      select coalesce((select checked_at from previous) < now() - ${leaseMs}::double precision * interval '1 millisecond', true) as yes
    ), extended as (
      update runs set lease_expires_at = now() + ${graceMs}::double precision * interval '1 millisecond'
      where status = 'RUNNING'
        and lease_expires_at < now() + ${graceMs}::double precision * interval '1 millisecond'
        and (select yes from outage)
      returning 1
    ), stamped as (
      insert into ${leaseClock} (id, checked_at) values (1, now())
      on conflict (id) do update set checked_at = now()
      returning 1
    )
    select (select count(*) from extended)::int as extended, (select count(*) from stamped)::int as stamped`);
  return Number(rows.rows[0]?.extended ?? 0);
}

/** True when no API process has stamped the lease clock within a lease: call graceAfterOutage first. */
export async function leaseClockIsStale(db: DbExecutor, leaseMs: number): Promise<boolean> {
  const rows = await db.execute<{ stale: boolean }>(sql`
    select coalesce((select ${leaseClock.checkedAt} < now() - ${leaseMs}::double precision * interval '1 millisecond' from ${leaseClock} where ${leaseClock.id} = 1), true) as stale`);
  return Boolean(rows.rows[0]?.stale);
}

