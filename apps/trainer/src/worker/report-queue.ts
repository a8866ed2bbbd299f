import { retryWhileUnavailable } from './retry';

/**
 * Reports (progress, epochs) sent to the API one at a time, in order, each retried while the API
 * is unreachable. Training never waits for it; `drain()` waits until everything was delivered.
 * Reports are idempotent on the API side, so a retry after a lost answer is harmless.
 */
export class ReportQueue {
  private tail: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  /** The progress report queued and not yet started, which a newer one replaces. */
  private waitingProgress: { send: () => Promise<unknown> } | null = null;

  constructor(private readonly onRetry?: (error: Error) => void) {}

  push(send: () => Promise<unknown>): void {
    // Progress queued before this report stays before it; newer progress goes after it.
    this.waitingProgress = null;
    this.tail = this.tail.then(() => this.deliver(send));
  }

  /**
   * Queues a report that only matters until a newer one exists (batch progress). Without this,
   * progress queued faster than a busy event loop delivered it, and an epoch's report waited
   * behind it for tens of seconds.
   */
  pushLatest(send: () => Promise<unknown>): void {
    if (this.waitingProgress) {
      this.waitingProgress.send = send;
      return;
    }
    const slot = { send };
    this.waitingProgress = slot;
    this.tail = this.tail.then(() => {
      if (this.waitingProgress === slot) this.waitingProgress = null;
      return this.deliver(slot.send);
    });
  }

  private async deliver(send: () => Promise<unknown>): Promise<void> {
    if (this.failure) return;
    try {
      await retryWhileUnavailable(send, { onRetry: this.onRetry });
    } catch (error) {
      this.failure = error as Error;
    }
  }

  /** Resolves once every report pushed so far was delivered or refused; never throws. */
  settled(): Promise<void> {
    return this.tail;
  }

  /** True while every report so far was delivered (none refused). */
  get healthy(): boolean {
    return this.failure === null;
  }

  /** Resolves when every report so far was delivered; throws the first report the API refused. */
  async drain(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure;
  }
}
