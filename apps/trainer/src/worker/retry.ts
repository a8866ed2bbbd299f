import { ApiUnavailableError } from './api-client';

/**
 * Retries `fn` while the API is unreachable, with capped exponential backoff, until it succeeds,
 * fails for another reason, or `signal` aborts. A briefly unreachable API must not fail a run.
 */
export async function retryWhileUnavailable<T>(fn: () => Promise<T>, options: { signal?: AbortSignal; maxDelayMs?: number; onRetry?: (error: Error, attempt: number) => void } = {}): Promise<T> {
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof ApiUnavailableError) || options.signal?.aborted) throw error;
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 10_000);
    }
  }
}
