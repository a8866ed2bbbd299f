import { retryWhileUnavailable } from './retry';

/**
 * Reports (progress, epochs) sent to the API one at a time, in order, each retried while the API
 * is unreachable. Training never waits for it; `drain()` waits until everything was delivered.
 * Reports are idempotent on the API side, so a retry after a lost answer is harmless.
 */
export class ReportQueue {
  private tail: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(private readonly onRetry?: (error: Error) => void) {}

  push(send: () => Promise<unknown>): void {
    this.tail = this.tail.then(async () => {
      if (this.failure) return;
      try {
        await retryWhileUnavailable(send, { onRetry: this.onRetry });
      } catch (error) {
        this.failure = error as Error;
      }
    });
  }

  /** Resolves when every report so far was delivered; throws the first report the API refused. */
  async drain(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure;
  }
}
