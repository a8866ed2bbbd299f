import { coresUsed, distribution, errorMessage, round } from './bench-lines';
import { RUN_METRICS_QUERY, type MetricsQueryResult, type MetricsQueryTask } from './client-tasks';
import { postGraphql } from './post-graphql';

type RunMetrics = { run: { metrics: unknown[] } | null };

/**
 * Client side of the query bench: `concurrency` loops each send `run(id) { metrics … }` one after
 * another, first for the warm-up (not counted), then for `durationMs`.
 */
export async function measureMetricsQuery(task: MetricsQueryTask): Promise<MetricsQueryResult> {
  let errors = 0;
  let firstError: string | null = null;
  let responseBytes = 0;
  let rowsPerResponse = 0;
  const query = async () => {
    try {
      const { data, bytes } = await postGraphql<RunMetrics>(task.graphqlUrl, RUN_METRICS_QUERY, { id: task.runId }, task.token);
      const rows = data.run?.metrics.length ?? 0;
      if (rows !== task.expectedRows) throw new Error(`expected ${task.expectedRows} metric rows, got ${rows}`);
      responseBytes = bytes;
      rowsPerResponse = rows;
      return true;
    } catch (error) {
      errors++;
      firstError ??= errorMessage(error);
      return false;
    }
  };
  const loadFor = async (ms: number, latencies: number[] | null) => {
    const until = performance.now() + ms;
    let done = 0;
    await Promise.all(
      Array.from({ length: task.concurrency }, async () => {
        while (performance.now() < until) {
          const start = performance.now();
          const ok = await query();
          if (ok) {
            latencies?.push(performance.now() - start);
            done++;
          }
        }
      }),
    );
    return done;
  };

  const warmupRequests = await loadFor(task.warmupMs, null);
  const warmupErrors = errors;
  const latencies: number[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const requests = await loadFor(task.durationMs, latencies);
  // The last requests finish after the deadline: qps is over the time until they did.
  const wallMs = performance.now() - start;
  return {
    kind: 'metricsQuery',
    requests,
    errors: errors - warmupErrors,
    firstError,
    seconds: round(wallMs / 1000, 3),
    qps: round(requests / (wallMs / 1000), 1),
    latencyMs: distribution(latencies),
    responseBytes,
    rowsPerResponse,
    warmupRequests,
    clientCores: coresUsed(cpuStart, wallMs),
  };
}
