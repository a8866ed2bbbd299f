import { and, inArray, sql } from 'drizzle-orm';
import type { AppDb } from '@transferlab/db';
import { signInThrottles } from '@transferlab/db/schema';
import { rateLimited } from '../errors';

/** What an attempt is counted against: the address it names, and the network it came from. */
export interface ThrottleKey {
  kind: 'email' | 'network';
  value: string;
}

export const SIGN_IN_DEFAULTS = { limit: 10, windowSeconds: 60 } as const;

export interface SignInThrottleOptions {
  db: AppDb;
  /** Attempts allowed per key and window; successful ones are given back. */
  limit: number;
  windowMs: number;
}

export interface SignInThrottle {
  /** Counts one attempt against every key; RATE_LIMITED (counting nothing more) when any is past the limit. */
  take(keys: ThrottleKey[]): Promise<void>;
  /** Gives back an attempt that succeeded, or that never got to check a password. */
  refund(keys: ThrottleKey[]): Promise<void>;
  close(): void;
}

const WHOSE: Record<ThrottleKey['kind'], string> = { email: 'for this email', network: 'from your network' };

const rowKey = (key: ThrottleKey) => `${key.kind}:${key.value}`;

/**
 * Fixed windows per key, counted in the database with one upsert: concurrent attempts (from any
 * API replica) each see the count that includes them, so a burst cannot slip past the limit.
 * Windows start at a key's first attempt and end `windowMs` later on the database's clock.
 */
export function createSignInThrottle({ db, limit, windowMs }: SignInThrottleOptions): SignInThrottle {
  const windowSeconds = windowMs / 1000;
  const limitText = `the limit is ${limit} failed attempts per ${windowSeconds} s (TRANSFERLAB_SIGN_IN_LIMIT per TRANSFERLAB_SIGN_IN_WINDOW_SECONDS)`;
  // Expired rows are only reset when their key comes back; sweep the rest now and then (a sweep
  // that fails changes nothing and is tried again next time).
  const purge = setInterval(() => void db.delete(signInThrottles).where(sql`${signInThrottles.windowEndsAt} <= now()`).catch(() => undefined), Math.max(windowMs, 60_000));
  purge.unref();
  const table = sql.identifier('sign_in_throttles');
  const refund = async (keys: ThrottleKey[]) => {
    await db
      .update(signInThrottles)
      .set({ attempts: sql`greatest(${signInThrottles.attempts} - 1, 0)` })
      .where(and(inArray(signInThrottles.key, keys.map(rowKey)), sql`${signInThrottles.windowEndsAt} > now()`));
  };

  return {
    async take(keys) {
      // The same order in every statement, so two attempts sharing a key never deadlock.
      const sorted = [...keys].sort((a, b) => rowKey(a).localeCompare(rowKey(b)));
      const windowEnd = sql`now() + ${`${windowMs} milliseconds`}::interval`;
      const rows = await db
        .insert(signInThrottles)
        .values(sorted.map((key) => ({ key: rowKey(key), attempts: 1, windowEndsAt: windowEnd })))
        .onConflictDoUpdate({
          target: signInThrottles.key,
          set: {
            attempts: sql`case when ${table}.window_ends_at <= now() then 1 else ${table}.attempts + 1 end`,
            windowEndsAt: sql`case when ${table}.window_ends_at <= now() then excluded.window_ends_at else ${table}.window_ends_at end`,
          },
        })
        .returning({
          key: signInThrottles.key,
          attempts: signInThrottles.attempts,
          retryAfterMs: sql<number>`ceil(extract(epoch from (${signInThrottles.windowEndsAt} - now())) * 1000)::int`,
        });
      const over = rows.find((row) => row.attempts > limit);
      if (!over) return;
      // A refused attempt counts for nothing: one network refused for hammering an email must not
      // also use up that email's budget (or the reverse).
      await refund(keys);
      const kind = sorted.find((key) => rowKey(key) === over.key)?.kind ?? 'network';
      const retryAfterSeconds = Math.max(1, Math.ceil(Number(over.retryAfterMs) / 1000));
      throw rateLimited(`Too many sign-in attempts ${WHOSE[kind]}: ${limitText}. Try again in ${retryAfterSeconds} s.`, retryAfterSeconds, {
        limit,
        windowSeconds,
        scope: kind,
      });
    },
    refund,
    close() {
      clearInterval(purge);
    },
  };
}
