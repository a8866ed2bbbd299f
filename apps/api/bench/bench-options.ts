import { parseArgs } from 'node:util';
import type { DbKind } from '../test/harness';

/** The bench's tasks, in the order each database runs them. */
export const BENCH_TASKS = ['serverMemory', 'subscribers', 'metricsQuery', 'predictionAfterTraining', 'firstPrediction'] as const;
export type BenchTask = (typeof BENCH_TASKS)[number];

export interface BenchOptions {
  dbKinds: DbKind[];
  /** The tasks to run, in BENCH_TASKS order whatever order they were named in. */
  tasks: BenchTask[];
  /** graphql-ws sockets, one subscription each, on one RUNNING run. */
  subscribers: number;
  /** Team members the sockets authenticate as, round-robin. */
  users: number;
  /** reportEpoch calls before the measured ones, delivered but reported apart (a fresh server's first events). */
  warmupEpochs: number;
  /** reportEpoch calls, one after another, measured. */
  epochs: number;
  /** Planned gap between the starts of two reportEpoch calls (a call never starts before the previous one answered, as the worker's report queue does). */
  intervalMs: number;
  /** After the last report, how long to keep waiting for deliveries that have not arrived. */
  settleSeconds: number;
  /** Epoch rows on the run the metrics query reads. */
  metricRows: number;
  /** HTTP requests in flight at once for the metrics query. */
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  /** The memory task's rests without a request: before the idle reading, and after the prediction thread ended. */
  restSeconds: number;
  /** The prediction threads' idle time on the APIs of the after-training task (its run trains three of them). */
  threadIdleSeconds: number;
}

const USAGE = `Usage: tsx bench/api-bench.ts [options]

Prints one JSON object per line as results arrive and a summary object on the last line.
Runs the API in this process on a fresh database of each kind; the clients run in a child process.

  --db pglite|postgres|both   database kinds (default both; postgres uses TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
  --tasks A,B,...             only these of ${BENCH_TASKS.join(', ')} (default all)
  --subscribers N             graphql-ws sockets subscribed to runEvents of one run (default 500)
  --users N                   team members the sockets sign in as, round-robin (default 5)
  --warmup-epochs N           reportEpoch calls first, reported apart as warmupDeliveryMs: a fresh
                              server's and client process's first epoch events (default 2)
  --epochs N                  reportEpoch calls measured after those (default 20)
  --interval-ms MS            planned gap between reportEpoch calls (default 100)
  --settle-seconds S          after the last report, wait this long at most for missing deliveries (default 60)
  --metric-rows N             epoch rows on the run read by the metrics query (default 1000)
  --concurrency N             metrics queries in flight at once (default 8)
  --warmup-seconds S          metrics queries before measuring (default 1)
  --seconds S                 metrics queries measured for this long (default 5)
  --rest-seconds S            the memory task's rests: the idle reading comes this long after the
                              server listens, the last one this long after its prediction thread
                              ended (default 40: V8 shrinks the heap after some seconds at rest)
  --thread-idle-seconds S     the prediction thread's idle time on the two fresh APIs that time the
                              first predict after a run trained three times that long (default 2)
  --help`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'UsageError';
  }
}

/** Returns null when --help was asked for (the usage has been printed). */
export function parseBenchOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean', default: false },
      db: { type: 'string', default: 'both' },
      tasks: { type: 'string', default: BENCH_TASKS.join(',') },
      subscribers: { type: 'string', default: '500' },
      users: { type: 'string', default: '5' },
      'warmup-epochs': { type: 'string', default: '2' },
      epochs: { type: 'string', default: '20' },
      'interval-ms': { type: 'string', default: '100' },
      'settle-seconds': { type: 'string', default: '60' },
      'metric-rows': { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '8' },
      'warmup-seconds': { type: 'string', default: '1' },
      seconds: { type: 'string', default: '5' },
      'rest-seconds': { type: 'string', default: '40' },
      'thread-idle-seconds': { type: 'string', default: '2' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return null;
  }
  const db = values.db;
  if (db !== 'pglite' && db !== 'postgres' && db !== 'both') throw new UsageError(`--db must be one of pglite, postgres, both, got '${db}'`);
  return {
    dbKinds: db === 'both' ? ['pglite', 'postgres'] : [db],
    tasks: parseTasks(values.tasks),
    subscribers: number('--subscribers', values.subscribers, { integer: true, min: 1 }),
    users: number('--users', values.users, { integer: true, min: 1 }),
    warmupEpochs: number('--warmup-epochs', values['warmup-epochs'], { integer: true, min: 0 }),
    epochs: number('--epochs', values.epochs, { integer: true, min: 1 }),
    intervalMs: number('--interval-ms', values['interval-ms'], { min: 0 }),
    settleSeconds: number('--settle-seconds', values['settle-seconds'], { min: 1 }),
    metricRows: number('--metric-rows', values['metric-rows'], { integer: true, min: 1 }),
    concurrency: number('--concurrency', values.concurrency, { integer: true, min: 1 }),
    warmupSeconds: number('--warmup-seconds', values['warmup-seconds'], { min: 0 }),
    seconds: number('--seconds', values.seconds, { min: 0.1 }),
    restSeconds: number('--rest-seconds', values['rest-seconds'], { min: 1 }),
    threadIdleSeconds: number('--thread-idle-seconds', values['thread-idle-seconds'], { min: 0.1 }),
  };
}

function parseTasks(raw: string): BenchTask[] {
  const named = raw.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = named.filter((name) => !(BENCH_TASKS as readonly string[]).includes(name));
  if (unknown.length || !named.length) throw new UsageError(`--tasks takes a comma-separated list of ${BENCH_TASKS.join(', ')}; got '${raw}'`);
  return BENCH_TASKS.filter((task) => named.includes(task));
}

function number(flag: string, raw: string, { integer = false, min }: { integer?: boolean; min: number }): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got '${raw}'`);
  }
  return value;
}
