import type { ApiServices } from '../context';

/** Periodically requeues or fails runs whose worker stopped heart-beating (filled in by the runs module). */
export function startLeaseSweeper(_services: ApiServices): { stop(): void } {
  return { stop() {} };
}
