import { totalmem } from 'node:os';

/**
 * The share of the machine's memory a worker declares by default: the rest is for the operating
 * system and whatever else runs beside the trainer.
 */
export const DEFAULT_MEMORY_SHARE = 0.8;

export function defaultTrainerMemoryMb(machineBytes = totalmem()): number {
  return Math.floor((machineBytes / (1024 * 1024)) * DEFAULT_MEMORY_SHARE);
}

/** Runs trained at once share the worker's memory, so each claim declares its part. */
export function memoryPerRunMb(memoryMb: number, concurrency: number): number {
  return Math.max(1, Math.floor(memoryMb / concurrency));
}
