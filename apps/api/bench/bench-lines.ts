// The JSON lines the bench prints: one object per line as results arrive, the summary last.

export function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles, in the unit of `values` (rounded to 0.01). Null when empty. */
export function distribution(values: number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: round(sorted[sorted.length - 1]!), mean: round(sum / sorted.length) };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** CPU time this process used since `since`, as a share of one core over `wallMs` (1 = one core busy). */
export function coresUsed(since: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(since);
  return round((used.user + used.system) / 1000 / wallMs, 2);
}
