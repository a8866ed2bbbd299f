import { sql, type SQL } from 'drizzle-orm';
import type { Database, DbExecutor } from '@transferlab/db';
import type { Logger } from '../logger';
import type { ApiEvent } from './api-events';

const CHANNEL = 'transferlab_events';

export interface EventBus {
  /** Publishes to every API process on the database; inside a transaction, at its commit. */
  publish(event: ApiEvent, tx?: DbExecutor): Promise<void>;
  /** Events for which `accept` holds, in publication order, until the iterator is returned. */
  subscribe<T extends ApiEvent>(accept: (event: ApiEvent) => event is T): AsyncIterableIterator<T>;
  subscribe(accept: (event: ApiEvent) => boolean): AsyncIterableIterator<ApiEvent>;
  close(): Promise<void>;
}

/**
 * A `pg_notify` of an event that a statement builds as JSON itself, for a write that publishes
 * what it wrote in the same round trip. Delivered as `publish` delivers, at the statement's
 * commit. Only for events of a fixed small size: nothing checks NOTIFY's 8000-byte bound here.
 */
export function publishedBy(eventJson: SQL): SQL {
  return sql`pg_notify(${CHANNEL}, (${eventJson})::text)`;
}

/**
 * One typed pub/sub on Postgres LISTEN/NOTIFY (PGlite or PostgreSQL): each API process listens
 * once and fans events out to its own subscribers, so any number of processes on one database
 * all deliver every event. Each subscriber has its own unbounded queue: none is dropped while
 * its socket stays open.
 */
export async function createEventBus(database: Database, logger: Logger): Promise<EventBus> {
  const subscribers = new Set<(event: ApiEvent) => void>();
  const unlisten = await database.listen(CHANNEL, (payload) => {
    let event: ApiEvent;
    try {
      event = JSON.parse(payload) as ApiEvent;
    } catch {
      logger.warn({ payload }, 'ignored a malformed event');
      return;
    }
    for (const deliver of subscribers) deliver(event);
  });

  return {
    publish: (event, tx) => database.notify(CHANNEL, JSON.stringify(event), tx),
    subscribe(accept: (event: ApiEvent) => boolean) {
      const queue: ApiEvent[] = [];
      let wake: (() => void) | null = null;
      let done = false;
      const deliver = (event: ApiEvent) => {
        if (done || !accept(event)) return;
        queue.push(event);
        wake?.();
      };
      subscribers.add(deliver);
      const finish = () => {
        done = true;
        subscribers.delete(deliver);
        wake?.();
      };
      const iterator: AsyncIterableIterator<ApiEvent> = {
        async next() {
          while (!queue.length && !done) await new Promise<void>((r) => (wake = r));
          wake = null;
          const value = queue.shift();
          return value ? { value, done: false } : { value: undefined, done: true };
        },
        async return() {
          finish();
          return { value: undefined, done: true };
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },
    async close() {
      subscribers.clear();
      await unlisten();
    },
  } as EventBus;
}
