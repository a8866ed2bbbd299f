// `pnpm --filter @transferlab/api bench`: graphql-ws fan-out of runEvents to many subscribers
// while a worker reports epochs, and throughput of the run metrics query, on PGlite and/or
// PostgreSQL, and the first and warm predict latency (cold, and after the API warmed the model),
// and the resident memory of the real `transferlab-api serve` idle, under load and after release.
// JSON lines on stdout, the summary last; see --help.
import { sql } from 'drizzle-orm';
import { startTestApi, type DbKind, type TestApi } from '../test/harness';
import { emit, errorMessage, round } from './bench-lines';
import { parseBenchOptions, UsageError, type BenchOptions, type BenchTask } from './bench-options';
import { runInClientProcess } from './client-process';
import type { MetricsQueryResult, SubscribersResult } from './client-tasks';
import { loadAverage, machineFacts } from '@transferlab/ml-core/bench/machine-facts';
import { trainTinyModel, type TrainedModel } from '../test/models-fixture';
import { measureFirstPrediction, measurePredictionAfterTraining } from './measure-first-prediction';
import { measureServerMemory } from './measure-server-memory';
import { runningRun, runWithEpochRows, seedBenchTeam, type BenchTeam } from './seed-bench-team';
import { watchServer } from './server-monitor';

const SETUP =
  'The API (Apollo + graphql-ws on one HTTP server, from test/harness startTestApi) runs in the bench process on a fresh database; ' +
  'PGlite runs inside that same process, PostgreSQL is a separate local server. The clients (every graphql-ws socket and the ' +
  "worker's HTTP calls, or the query load) run in one child Node process. Server, database and clients all share this machine's cores, " +
  'so the delays include the clients’ own queueing; they are not what a remote client would see on an idle server.';

let current: TestApi | null = null;
const onSignal = (signal: NodeJS.Signals) => {
  // Drop the fresh PostgreSQL database and the data folder even when interrupted.
  void (current?.close() ?? Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};

async function main(options: BenchOptions): Promise<number> {
  const date = new Date();
  const started = performance.now();
  const machine = machineFacts();
  const settings = { ...options };
  emit({ type: 'start', date: date.toISOString(), machine, setup: SETUP, settings });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const failures: string[] = [];
  const results: Record<string, Record<string, unknown>> = {};
  // One small model for the prediction task on every database: its files are the same everywhere.
  const trained: TrainedModel = await trainTinyModel();
  for (const kind of options.dbKinds) {
    const summary: Record<string, unknown> = {};
    results[kind] = summary;
    // One task's figures as a JSON line (and in the summary), or its failure: a failed task does not stop the others.
    const task = async <F extends object>(name: BenchTask, measure: () => Promise<F>, summarize: (figures: F) => unknown = (figures) => figures) => {
      if (!options.tasks.includes(name)) return;
      try {
        const figures = await measure();
        emit({ type: name, db: kind, ...figures });
        summary[name] = summarize(figures);
      } catch (error) {
        failures.push(`${kind} ${name}: ${errorMessage(error)}`);
        emit({ type: 'error', db: kind, task: name, message: errorMessage(error) });
      }
    };
    // First, while nothing else of the bench runs: the real server in its own process.
    await task('serverMemory', () => measureServerMemory(kind, trained, options.restSeconds));
    try {
      current = await startTestApi(kind, { leaseMs: 3_600_000 });
      const api = current;
      const database = await databaseVersion(api);
      summary.database = database;
      const team = await seedBenchTeam(api, options.users);
      await task('subscribers', () => measureFanOut(api, database, team, options), fanOutSummary);
      await task('metricsQuery', () => measureQueryBothWays(api, kind, database, team, options), ({ database: _database, ...rest }) => rest);
      await task('predictionAfterTraining', () => measurePredictionAfterTraining(kind, trained, options.threadIdleSeconds));
      await task('firstPrediction', () => measureFirstPrediction(api, team, trained));
    } catch (error) {
      failures.push(`${kind}: ${errorMessage(error)}`);
      emit({ type: 'error', db: kind, task: 'setup', message: errorMessage(error) });
    } finally {
      await current?.close();
      current = null;
    }
  }

  await trained.dispose();
  emit({
    type: 'summary',
    ok: failures.length === 0,
    date: date.toISOString(),
    durationSeconds: round((performance.now() - started) / 1000, 1),
    machine,
    loadAverageAtEnd: loadAverage(),
    setup: SETUP,
    settings,
    results,
    failures,
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return failures.length === 0 ? 0 : 1;
}

type FanOutLine = Awaited<ReturnType<typeof measureFanOut>>;

async function measureFanOut(api: TestApi, database: string, team: BenchTeam, options: BenchOptions) {
  const { runId, leaseId } = await runningRun(api, team);
  const server = watchServer();
  const timeoutMs = (300 + options.subscribers * 0.4 + options.settleSeconds + ((options.warmupEpochs + options.epochs) * options.intervalMs) / 1000 + 60) * 1000;
  const result = await runInClientProcess<SubscribersResult>(
    {
      kind: 'subscribers',
      graphqlUrl: api.server.url,
      wsUrl: api.server.wsUrl,
      runId,
      leaseId,
      viewerTokens: team.viewerTokens,
      workerToken: team.workerToken,
      subscribers: options.subscribers,
      warmupEpochs: options.warmupEpochs,
      epochs: options.epochs,
      intervalMs: options.intervalMs,
      settleMs: options.settleSeconds * 1000,
    },
    timeoutMs,
  );
  const { kind: _kind, ...rest } = result;
  return {
    database,
    subscribers: options.subscribers,
    users: team.viewerTokens.length,
    warmupEpochs: options.warmupEpochs,
    epochs: options.epochs,
    intervalMs: options.intervalMs,
    spacing: `calls start every ${options.intervalMs} ms, but never before the previous one answered (as the worker's report queue sends them): see reportSpacingMs`,
    loss: result.missing === 0 ? 'none: every subscriber received every epoch' : `${result.missing} of ${result.expected} deliveries did not arrive within ${options.settleSeconds} s of the last report`,
    ...rest,
    // Over the whole task: connecting, liveness probes, the epochs and the wait for deliveries.
    server: server.stop(),
  };
}

function fanOutSummary(line: FanOutLine) {
  return {
    subscribers: line.subscribers,
    users: line.users,
    warmupEpochs: line.warmupEpochs,
    epochs: line.epochs,
    intervalMs: line.intervalMs,
    expected: line.expected,
    received: line.received,
    missing: line.missing,
    duplicates: line.duplicates,
    loss: line.loss,
    deliveryMs: line.deliveryMs,
    warmupDeliveryMs: line.warmupDeliveryMs,
    reportEpochMs: line.reportEpochMs,
    reportSpacingMs: line.reportSpacingMs,
    firstEpochP50Ms: line.byEpoch.find((epoch) => !epoch.warmup)?.p50Ms ?? null,
    lastEpochP50Ms: line.byEpoch[line.byEpoch.length - 1]?.p50Ms ?? null,
    lastDeliveryAfterLastReportMs: line.lastDeliveryAfterLastReportMs,
    connectMs: line.connectMs,
    allLiveMs: line.allLiveMs,
    subscriptionErrors: line.subscriptionErrors,
    socketsClosedEarly: line.socketsClosedEarly,
    clientCores: line.clientCores,
    server: line.server,
  };
}

/**
 * The query load on the API as it runs (its repeated document compiled by graphql-jit), then the
 * same load on a second API on a fresh database of the same kind with TRANSFERLAB_GRAPHQL_COMPILE
 * off (graphql-js interprets every request): one after the other, never at once.
 */
async function measureQueryBothWays(api: TestApi, kind: DbKind, database: string, team: BenchTeam, options: BenchOptions) {
  const compiled = await measureQuery(api, database, team, options);
  const interpretingApi = await startTestApi(kind, { graphqlCompile: false });
  try {
    const interpreted = await measureQuery(interpretingApi, database, await seedBenchTeam(interpretingApi, 1), options);
    return {
      ...compiled,
      executor: 'graphql-jit from the second request (TRANSFERLAB_GRAPHQL_COMPILE=true, the default)',
      interpreted: { executor: 'graphql-js for every request (TRANSFERLAB_GRAPHQL_COMPILE=false)', qps: interpreted.qps, latencyMs: interpreted.latencyMs, errors: interpreted.errors, server: interpreted.server },
      compiledOverInterpretedQps: interpreted.qps > 0 ? round(compiled.qps / interpreted.qps, 2) : null,
    };
  } finally {
    await interpretingApi.close();
  }
}

async function measureQuery(api: TestApi, database: string, team: BenchTeam, options: BenchOptions) {
  const runId = await runWithEpochRows(api, team, options.metricRows);
  const server = watchServer();
  const result = await runInClientProcess<MetricsQueryResult>(
    {
      kind: 'metricsQuery',
      graphqlUrl: api.server.url,
      runId,
      token: team.viewerTokens[0]!,
      expectedRows: options.metricRows,
      concurrency: options.concurrency,
      warmupMs: options.warmupSeconds * 1000,
      durationMs: options.seconds * 1000,
    },
    (options.warmupSeconds + options.seconds + 120) * 1000,
  );
  const { kind: _kind, ...rest } = result;
  return {
    database,
    query: 'run(id) { metrics { phase epoch loss accuracy valLoss valAccuracy learningRate durationMs imagesPerSecond at } }',
    metricRows: options.metricRows,
    concurrency: options.concurrency,
    ...rest,
    server: server.stop(),
  };
}

async function databaseVersion(api: TestApi): Promise<string> {
  const result = await api.database.db.execute<{ version: string }>(sql`select version() as version`);
  const version = result.rows[0]?.version ?? 'unknown';
  return `${api.database.kind}: ${version.split(' on ')[0]}`;
}

try {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options) process.exitCode = await main(options);
} catch (error) {
  process.stderr.write(`${error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
