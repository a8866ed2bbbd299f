import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { credentialKey } from '../../auth/credential-key';
import type { ApiContext } from '../../context';
import type { ApiEvent } from '../../events/api-events';
import type { AuthorizedEvent } from './authorized-events';

// graphql's `subscribe` executes the subscription's selection for every subscriber and event.
// When one event reaches many sockets opened with the same credential and the same document and
// variables (a team's dashboards on one run), those executions are identical: the first one's
// result is shared, held only as long as the event object is. Each subscriber still passes its
// own access check first (authorizedEvents); a `revoked` marker is never shared.
const resultsByEvent = new WeakMap<ApiEvent, Map<string, Promise<ExecutionResult>>>();

/** graphql-ws's `subscribe`: graphql's own, but sharing results as above. */
export async function subscribeSharingResults(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source;
  const key = executionKey(args);
  const run = (payload: unknown) => Promise.resolve(execute({ ...args, rootValue: payload }));
  return mapStream(source[Symbol.asyncIterator](), (payload) => {
    const event = sharedEvent(payload);
    if (event === null || key === null) return run(payload);
    let results = resultsByEvent.get(event);
    if (!results) resultsByEvent.set(event, (results = new Map()));
    let result = results.get(key);
    if (!result) results.set(key, (result = run(payload)));
    return result;
  });
}

function executionKey({ contextValue, document, operationName, variableValues }: ExecutionArgs): string | null {
  const credential = credentialKey((contextValue as ApiContext).viewer);
  const text = document.loc?.source.body;
  if (credential === null || text === undefined) return null;
  return JSON.stringify([credential, operationName ?? null, variableValues ?? {}, text]);
}

function sharedEvent(payload: unknown): ApiEvent | null {
  const authorized = payload as Partial<AuthorizedEvent<ApiEvent>> | null;
  return authorized?.kind === 'event' && authorized.event ? authorized.event : null;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Maps each value; `return` reaches the source at once, so unsubscribing releases it. */
function mapStream<T, R>(source: AsyncIterator<T>, map: (value: T) => Promise<R>): AsyncIterableIterator<R> {
  const iterator: AsyncIterableIterator<R> = {
    async next() {
      const next = await source.next();
      return next.done ? { value: undefined, done: true } : { value: await map(next.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
