import type { ApiEvent } from '../../events/api-events';

/** What a subscription's stream yields: an event the subscriber may see, or the end of its access. */
export type AuthorizedEvent<T extends ApiEvent> = { kind: 'event'; event: T } | { kind: 'revoked' };

/**
 * Wraps an event-bus stream so each event is re-authorized before delivery. When access is gone,
 * it yields one `revoked` marker (which the resolver turns into an error the client can read) and
 * ends. `return()` goes straight to the source, so a client that unsubscribes while no event is
 * pending is released at once (an async generator would wait for the next event first).
 */
export function authorizedEvents<T extends ApiEvent>(source: AsyncIterableIterator<T>, allowed: () => Promise<boolean>): AsyncIterableIterator<AuthorizedEvent<T>> {
  let ended = false;
  const end = async (): Promise<IteratorResult<AuthorizedEvent<T>>> => {
    ended = true;
    await source.return?.();
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<AuthorizedEvent<T>> = {
    async next() {
      if (ended) return { value: undefined, done: true };
      const next = await source.next();
      if (next.done) return end();
      if (await allowed()) return { value: { kind: 'event', event: next.value }, done: false };
      await end();
      return { value: { kind: 'revoked' }, done: false };
    },
    return: end,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
