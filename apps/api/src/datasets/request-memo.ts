const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `load` once per request context and key. Several Dataset fields in one query (classes,
 * counts, warnings) read the same summary; this makes that one query, and the memo goes away with
 * the request.
 */
export function memoPerRequest<T>(ctx: object, key: string, load: () => Promise<T>): Promise<T> {
  let memo = memos.get(ctx);
  if (!memo) memos.set(ctx, (memo = new Map()));
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    memo.set(key, value);
  }
  return value;
}
