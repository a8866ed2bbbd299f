import { monitorEventLoopDelay } from 'node:perf_hooks';
import { coresUsed, round } from './bench-lines';

export interface ServerLoad {
  /** CPU this process (the API, and PGlite when it is the database) used, in cores (1 = one core busy). */
  serverProcessCores: number;
  /** How late the API's event loop ran timers while the clients worked, ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

/** Watches the API process (this one) while a client task runs. */
export function watchServer(): { stop(): ServerLoad } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const cpu = process.cpuUsage();
  const start = performance.now();
  return {
    stop() {
      histogram.disable();
      const ms = (ns: number) => round(ns / 1e6, 1);
      return {
        serverProcessCores: coresUsed(cpu, performance.now() - start),
        eventLoopDelayMs: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) },
      };
    },
  };
}
