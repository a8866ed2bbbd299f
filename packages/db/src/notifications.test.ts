import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './client';
import { createTestDatabase, type TestDatabase } from './testing';
import type { Database } from './types';

/** Collects payloads; `next(n)` resolves once n have arrived (or fails after a timeout). */
function inbox() {
  const payloads: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    payloads,
    push(payload: string) {
      payloads.push(payload);
      for (const waiter of waiters.filter((w) => payloads.length >= w.count)) waiter.resolve();
    },
    async next(count: number, timeoutMs = 5_000) {
      if (payloads.length >= count) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${payloads.length} of ${count} notifications: ${JSON.stringify(payloads)}`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let channelCounter = 0;
const freshChannel = (prefix = 'run_events') => `${prefix}:${process.pid}:${++channelCounter}`;

describe.each(['pglite', 'postgres'] as const)('LISTEN/NOTIFY on %s', (kind) => {
  let database: TestDatabase;
  // On PostgreSQL the sender is another Database on the same database, like another API replica;
  // PGlite is one process's database, so there it is the same instance.
  let sender: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    sender = kind === 'postgres' ? await createDatabase({ url: database.url ?? '' }) : database;
  });
  afterAll(async () => {
    if (sender && sender !== database) await sender.close();
    await database?.dispose();
  });

  it('delivers a notification to a listener', async () => {
    const channel = freshChannel();
    const received = inbox();
    const unlisten = await database.listen(channel, received.push);
    await sender.notify(channel, '{"runId":"r1"}');
    await received.next(1);
    expect(received.payloads).toEqual(['{"runId":"r1"}']);
    await unlisten();
  });

  it('keeps channels apart, and names exactly as given (case, spaces, quotes)', async () => {
    const odd = freshChannel('Team "A" Runs');
    const lower = odd.toLowerCase();
    const oddInbox = inbox();
    const lowerInbox = inbox();
    const stopOdd = await database.listen(odd, oddInbox.push);
    const stopLower = await database.listen(lower, lowerInbox.push);
    await sender.notify(odd, 'to-odd');
    await sender.notify(lower, 'to-lower');
    await oddInbox.next(1);
    await lowerInbox.next(1);
    await sleep(50);
    expect(oddInbox.payloads).toEqual(['to-odd']);
    expect(lowerInbox.payloads).toEqual(['to-lower']);
    await stopOdd();
    await stopLower();
  });

  it('sends notifications made inside a transaction at commit, in order, and none on rollback', async () => {
    const channel = freshChannel();
    const received = inbox();
    const unlisten = await database.listen(channel, received.push);

    await sender.db.transaction(async (tx) => {
      for (const payload of ['1', '2', '3']) await sender.notify(channel, payload, tx);
      await sleep(100);
      expect(received.payloads).toEqual([]);
    });
    await received.next(3);
    expect(received.payloads).toEqual(['1', '2', '3']);

    await expect(
      sender.db.transaction(async (tx) => {
        await sender.notify(channel, 'rolled back', tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await sender.notify(channel, '4');
    await received.next(4);
    expect(received.payloads).toEqual(['1', '2', '3', '4']);
    await unlisten();
  });

  it('stops delivering after unlisten, to that listener only', async () => {
    const channel = freshChannel();
    const kept = inbox();
    const dropped = inbox();
    await database.listen(channel, kept.push);
    const unlisten = await database.listen(channel, dropped.push);
    await sender.notify(channel, 'both');
    await kept.next(1);
    await dropped.next(1);
    await unlisten();
    await unlisten();
    await sender.notify(channel, 'one');
    await kept.next(2);
    await sleep(50);
    expect(dropped.payloads).toEqual(['both']);
    expect(kept.payloads).toEqual(['both', 'one']);
  });

  it('refuses payloads of 8000 bytes or more, and invalid channel names, with a clear message', async () => {
    const channel = freshChannel();
    await expect(database.notify(channel, 'x'.repeat(8000))).rejects.toThrow(/8000 bytes/);
    await expect(database.notify(channel, 'é'.repeat(4000))).rejects.toThrow(/8000 bytes/);
    await database.notify(channel, 'x'.repeat(7999));
    await expect(database.notify('', 'x')).rejects.toThrow(/Invalid notification channel/);
    await expect(database.listen('c'.repeat(64), () => undefined)).rejects.toThrow(/Invalid notification channel/);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const channel = freshChannel();
    const received = inbox();
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      await database.listen(channel, () => {
        throw new Error('listener bug');
      });
      await database.listen(channel, received.push);
      await sender.notify(channel, 'still');
      await received.next(1);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = originalError;
    }
  });

  if (kind === 'postgres') {
    it('reconnects the listening connection when it drops, and listens again', async () => {
      const channel = freshChannel();
      const received = inbox();
      await database.listen(channel, received.push);
      await sender.notify(channel, 'before');
      await received.next(1);

      const originalWarn = console.warn;
      console.warn = () => undefined;
      try {
        const terminated = await sender.db.execute<{ pid: number }>(
          sql`select pg_terminate_backend(pid) as pid from pg_stat_activity
              where datname = current_database() and query like 'LISTEN%' and pid <> pg_backend_pid()`,
        );
        expect(terminated.rows.length).toBeGreaterThan(0);
        // Notifications sent while it is down are lost; keep sending until one arrives after the reconnect.
        const deadline = Date.now() + 10_000;
        while (!received.payloads.includes('after') && Date.now() < deadline) {
          await sender.notify(channel, 'after');
          await sleep(100);
        }
      } finally {
        console.warn = originalWarn;
      }
      expect(received.payloads).toContain('after');
    });
  }
});
