// What one request costs the API server. The test servers run in the test's own process (vitest
// forks a process per file), so this process's event loop and memory are the server's.
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ServerLoad<T> {
  result: T;
  /** The longest the event loop was blocked while `work` ran. */
  maxStallMs: number;
  /** Peak resident memory during `work` (worker threads included) over the resident memory before it. */
  rssGrowthMb: number;
}

const MB = 1024 * 1024;

/**
 * The longest stall a test accepts while the server works off its event loop. What these tests
 * catch held the loop for seconds (a 9000 x 9000 BMP decoded on it: about 1 s; a model loaded on it
 * for a first prediction: about 6 s). On two cores with two busy worker threads beside it, the OS
 * alone may keep the main thread waiting over 100 ms (measured 123 ms in CI), so the bound sits
 * between the two.
 */
export const MAX_STALL_MS = 400;

export async function measureServerLoad<T>(work: () => Promise<T>): Promise<ServerLoad<T>> {
  const peak = peakRss();
  const before = process.memoryUsage.rss();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const result = await work();
    delay.disable();
    // The histogram's figures are nanoseconds: how late its 10 ms timer fired, at worst.
    return { result, maxStallMs: delay.max / 1e6, rssGrowthMb: (peak.read() - before) / MB };
  } finally {
    delay.disable();
    peak.stop();
  }
}

/**
 * The process's peak RSS from now on. Linux keeps a high-water mark that writing 5 to clear_refs
 * resets, which catches a spike between samples and one inside a blocked event loop; elsewhere
 * the RSS is sampled every few milliseconds.
 */
function peakRss(): { read(): number; stop(): void } {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return { read: () => Math.max(highWaterMark(), process.memoryUsage.rss()), stop: () => undefined };
  } catch {
    let peak = process.memoryUsage.rss();
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
    return { read: () => Math.max(peak, process.memoryUsage.rss()), stop: () => clearInterval(timer) };
  }
}

function highWaterMark(): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (kb === undefined) throw new Error('/proc/self/status has no VmHWM line');
  return Number(kb) * 1024;
}
