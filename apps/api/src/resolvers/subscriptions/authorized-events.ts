import type { AppError } from '../../errors';
import type { ApiEvent } from '../../events/api-events';
import type { SubscriberAccess } from './team-access';

/** What a subscription's stream yields: an event the subscriber may see, or the end of its access. */
export type AuthorizedEvent<T extends ApiEvent> = { kind: 'event'; event: T } | { kind: 'revoked'; error: AppError };

/**
 * Wraps an event-bus stream so each event is re-authorized before delivery, and the stream ends as
 * soon as access does, even when no event comes (the access watch wakes the waiting `next`). When
 * access is gone it yields one `revoked` marker (which the resolver turns into the error the client
 * reads) and ends. `return()` goes straight to the source, so a client that unsubscribes while no
 * event is pending is released at once (an async generator would wait for the next event first).
 */
export function authorizedEvents<T extends ApiEvent>(source: AsyncIterableIterator<T>, access: SubscriberAccess): AsyncIterableIterator<AuthorizedEvent<T>> {
  let ended = false;
  let lost: AppError | null = null;
  const stopWatching = access.watch((error) => {
    lost = error;
    void source.return?.(); // ends the source, which wakes a pending next()
  });
  const end = async (): Promise<IteratorResult<AuthorizedEvent<T>>> => {
    ended = true;
    stopWatching();
    await source.return?.();
    return { value: undefined, done: true };
  };
  const revoked = async (error: AppError): Promise<IteratorResult<AuthorizedEvent<T>>> => {
    await end();
    return { value: { kind: 'revoked', error }, done: false };
  };
  const iterator: AsyncIterableIterator<AuthorizedEvent<T>> = {
    async next() {
      if (ended) return { value: undefined, done: true };
      const next = await source.next();
      if (lost) return revoked(lost);
      if (next.done) return end();
      const error = await access.check(next.value);
      return error ? revoked(error) : { value: { kind: 'event', event: next.value }, done: false };
    },
    return: end,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
