/**
 * Everything a run opens that outlives one step (ONNX sessions that phases and evaluation use
 * every batch, the best epoch's weight copies): each step registers what it opens here, and the
 * orchestrator releases it all once, in one place, whatever happened.
 */
export class TrainingSession {
  private readonly releases: (() => void | Promise<void>)[] = [];

  /** Registers `release` to run when the session closes (latest first). */
  defer(release: () => void | Promise<void>): void {
    this.releases.push(release);
  }

  /** Runs every release, even after one fails; rethrows the first failure. */
  async close(): Promise<void> {
    let failure: unknown = null;
    for (const release of this.releases.splice(0).reverse()) {
      try {
        await release();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
  }
}
