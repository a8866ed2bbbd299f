// `pnpm --filter @transferlab/trainer bench`: one small run per strategy through the real API and a
// real worker process, from startRun to SUCCEEDED as a graphql-ws subscriber sees it, against the
// same training in-process; the difference is what the worker and the API add. JSON lines on
// stdout, the summary last; see --help.
import { fileURLToPath } from 'node:url';
import { seedTeamWithDataset } from '../test/e2e/fixtures';
import { startStack, type Stack } from '../test/e2e/stack';
import { emit, errorMessage, round } from './bench-lines';
import { parseBenchArgs, UsageError, type BenchOptions } from './bench-options';
import { loadAverage, machineFacts } from '@transferlab/ml-core/bench/machine-facts';
import { measureEndToEnd } from './measure-end-to-end';
import { measureTrainingAlone } from './measure-training-alone';
import { runChild } from './run-child';

const SCRIPT = fileURLToPath(import.meta.url);
const SETUP =
  'The API (its own process, on PGlite), one worker process per run (transferlab worker --poll-ms 200, started and polling ' +
  'before startRun, cold image cache) and this bench (one graphql-ws subscriber) share this machine’s cores. Training alone ' +
  'runs the run’s resolved config through ml-core trainClassifier in a fresh process on the same generated images, with the ' +
  'API and no worker idle. Times are wall clock: bench, worker log and API timestamps come from the same machine clock.';

let stack: Stack | null = null;
const onSignal = (signal: NodeJS.Signals) => {
  void (stack?.close() ?? Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};

async function main(options: BenchOptions): Promise<number> {
  const date = new Date();
  const started = performance.now();
  const machine = machineFacts();
  emit({ type: 'start', date: date.toISOString(), machine, setup: SETUP, settings: { ...options } });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const failures: string[] = [];
  const results: Record<string, unknown> = {};
  try {
    stack = await startStack();
    const seed = await seedTeamWithDataset(stack, { imagesPerClass: options.imagesPerClass });
    for (const scenario of options.scenarios) {
      try {
        const e2e = await measureEndToEnd({ stack, token: seed.token, datasetId: seed.datasetId, scenario, timeoutMs: options.timeoutSeconds * 1000 });
        emit({ type: 'endToEnd', scenario: scenario.name, ...e2e });
        const alone = await runChild(
          SCRIPT,
          ['--task', 'train', '--scenario', scenario.name, '--config', JSON.stringify(e2e.config), '--images-per-class', String(options.imagesPerClass)],
          options.timeoutSeconds * 1000,
        );
        emit(alone);
        const trainingMs = alone.trainClassifierMs as number;
        const totalMs = e2e.startRunToSucceededSeenMs;
        results[scenario.name] = {
          config: e2e.config,
          workerPollMs: e2e.worker.pollMs,
          backend: { worker: e2e.worker.backend, trainingAlone: alone.backend },
          valAccuracy: { endToEnd: e2e.valAccuracy, trainingAlone: alone.valAccuracy },
          startRunToFirstEpochSeenMs: e2e.startRunToFirstEpochSeenMs,
          startRunToSucceededSeenMs: totalMs,
          trainingAloneMs: trainingMs,
          overhead: {
            ms: totalMs - trainingMs,
            shareOfEndToEnd: round((totalMs - trainingMs) / totalMs, 3),
            endToEndOverTrainingAlone: round(totalMs / trainingMs, 2),
          },
          breakdownMs: e2e.breakdownMs,
          trainingAloneParts: { ...(alone.parts as Record<string, unknown>), saveModel: alone.saveModelMs },
          modelBytes: alone.modelBytes,
          images: e2e.images,
          epochs: e2e.epochs,
        };
      } catch (error) {
        failures.push(`${scenario.name}: ${errorMessage(error)}`);
        emit({ type: 'error', scenario: scenario.name, message: errorMessage(error) });
      }
    }
  } catch (error) {
    failures.push(errorMessage(error));
    emit({ type: 'error', scenario: null, message: errorMessage(error) });
  } finally {
    await stack?.close();
    stack = null;
  }
  emit({
    type: 'summary',
    ok: failures.length === 0,
    date: date.toISOString(),
    durationSeconds: round((performance.now() - started) / 1000, 1),
    machine,
    loadAverageAtEnd: loadAverage(),
    setup: SETUP,
    results,
    failures,
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return failures.length === 0 ? 0 : 1;
}

try {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (parsed?.task === 'train') emit(await measureTrainingAlone(parsed.options));
  else if (parsed) process.exitCode = await main(parsed.options);
} catch (error) {
  process.stderr.write(`${error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
