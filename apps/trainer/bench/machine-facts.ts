import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export function machineFacts() {
  const list = cpus();
  return {
    cpus: list.length,
    availableParallelism: availableParallelism(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    /** 1, 5 and 15 minute load averages when the bench started: above the core count, timings are shared. */
    loadAverage: loadAverage(),
  };
}

export function loadAverage(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
