import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startRun } from '../test/e2e/fixtures';
import type { Stack } from '../test/e2e/stack';
import { between } from './bench-lines';
import type { Scenario } from './scenarios';
import { workerMarks } from './worker-log';

const RUN_EVENTS = `subscription ($id: ID!) { runEvents(runId: $id) { __typename
  ... on RunEpochEvent { metric { phase epoch at } }
  ... on RunStatusEvent { status error } } }`;
type RunEvent = { runEvents: { __typename: string; metric?: { phase: string; epoch: number; at: string }; status?: string; error?: string | null } };

const RUN_VIEW = `query ($id: ID!) { run(id: $id) { status error config createdAt startedAt finishedAt
  worker { name backend device } metrics { phase epoch at durationMs } model { valAccuracy } } }`;
interface RunView {
  status: string;
  error: string | null;
  config: Record<string, unknown>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  worker: { name: string; backend: string | null; device: string | null } | null;
  metrics: { phase: string; epoch: number; at: string; durationMs: number }[];
  model: { valAccuracy: number | null } | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One run through the real stack: a fresh worker process is started and left polling, a graphql-ws
 * socket is open, then startRun; the run's events are followed until it ends. Every time is wall
 * clock (Date.now() here, the worker's log timestamps, the API's timestamps): one machine, one clock.
 */
export async function measureEndToEnd(args: { stack: Stack; token: string; datasetId: string; scenario: Scenario; timeoutMs: number }) {
  const { stack, token, scenario } = args;
  const worker = stack.startWorker({ name: `bench-${scenario.name.toLowerCase()}` });
  const pollMs = Number(worker.process.spawnargs[worker.process.spawnargs.indexOf('--poll-ms') + 1]);
  let connected = false;
  const client = createClient({
    url: `${stack.baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
    on: { connected: () => (connected = true) },
  });
  try {
    // The worker selects its TensorFlow.js backend, logs "worker on …", then claims every pollMs.
    const readyBy = Date.now() + 120_000;
    while (!worker.output().includes('worker on ')) {
      if (Date.now() > readyBy) throw new Error(`The worker did not start: ${worker.output()}`);
      if (worker.process.exitCode !== null) throw new Error(`The worker exited: ${worker.output()}`);
      await sleep(50);
    }
    await sleep(2 * pollMs + 100);
    // The socket is open and acknowledged before the clock starts: the subscribe below is one message.
    const connectBy = Date.now() + 30_000;
    while (!connected) {
      if (Date.now() > connectBy) throw new Error('The graphql-ws socket was not acknowledged in 30 s.');
      await sleep(20);
    }

    const epochsSeen: { phase: string; epoch: number; at: number; seenAt: number }[] = [];
    let endSeenAt = 0;
    let endStatus = '';
    const startCalledAt = Date.now();
    const runId = await startRun(stack, token, args.datasetId, scenario.input);
    const startReturnedAt = Date.now();
    const ended = new Promise<void>((resolve, reject) => {
      client.subscribe<RunEvent>(
        { query: RUN_EVENTS, variables: { id: runId } },
        {
          next: ({ data }) => {
            const seenAt = Date.now();
            const event = data?.runEvents;
            if (event?.metric) epochsSeen.push({ phase: event.metric.phase, epoch: event.metric.epoch, at: Date.parse(event.metric.at), seenAt });
            if (event?.status && ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(event.status)) {
              endSeenAt = seenAt;
              endStatus = event.status;
              resolve();
            }
          },
          error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
          complete: () => resolve(),
        },
      );
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`run ${runId} did not end in ${args.timeoutMs / 1000} s`)), args.timeoutMs)))]).finally(() => clearTimeout(timer));

    const { run } = await stack.gql<{ run: RunView }>(RUN_VIEW, { id: runId }, token);
    if (endStatus !== 'SUCCEEDED') throw new Error(`run ${runId} ended ${endStatus || run.status}: ${run.error ?? ''}\n${worker.output()}`);
    // The worker logs "succeeded" right after finishRun answers; give it a moment to be read.
    const logBy = Date.now() + 5_000;
    while (workerMarks(worker.output(), runId).succeededAt === null && Date.now() < logBy) await sleep(50);
    const marks = workerMarks(worker.output(), runId);
    const startedAt = run.startedAt ? Date.parse(run.startedAt) : null;
    const finishedAt = run.finishedAt ? Date.parse(run.finishedAt) : null;
    const lastEpochAt = Math.max(...run.metrics.map((m) => Date.parse(m.at)));
    const firstSeen = epochsSeen[0];
    const expectedEpochs = run.metrics.length;

    return {
      runId,
      config: run.config,
      worker: { name: run.worker?.name ?? null, backend: marks.backend, pollMs, fresh: 'a new worker process (cold image cache) started and polling before startRun' },
      valAccuracy: run.model?.valAccuracy ?? null,
      epochs: { reported: expectedEpochs, seenBySubscriber: epochsSeen.length, firstSeen: firstSeen ? `${firstSeen.phase} ${firstSeen.epoch}` : null },
      images: marks.images,
      startRunToFirstEpochSeenMs: firstSeen ? firstSeen.seenAt - startCalledAt : null,
      startRunToSucceededSeenMs: endSeenAt - startCalledAt,
      breakdownMs: {
        startRunCall: startReturnedAt - startCalledAt,
        // From the startRun call until the claim was committed: the API's startedAt.
        claim: between(startCalledAt, startedAt),
        // Claim answered (worker log) → every image downloaded and checked.
        imageDownload: between(marks.claimedAt, marks.imagesAt),
        // In the worker, images ready → last epoch ended: link the dataset folder, decode, backbone, features, epochs.
        training: between(marks.imagesAt, lastEpochAt),
        trainingParts: {
          decode: between(marks.imagesAt, marks.datasetAt),
          backbone: between(marks.datasetAt, marks.backboneAt),
          features: between(marks.backboneAt, marks.featuresAt),
          epochs: between(marks.featuresAt, lastEpochAt),
        },
        // Last epoch ended → run SUCCEEDED in the API: evaluation on the val split, saveModel, waiting for queued reports, model upload, finishRun.
        modelUploadAndFinish: between(lastEpochAt, finishedAt),
        // Subscriber delivery of the first epoch (from the epoch's end in the worker) and of SUCCEEDED (from the API's finishedAt).
        firstEpochDelivery: firstSeen ? firstSeen.seenAt - firstSeen.at : null,
        succeededDelivery: between(finishedAt, endSeenAt),
      },
      epochDurationsMs: run.metrics.map((m) => m.durationMs),
    };
  } finally {
    await client.dispose();
    worker.kill('SIGTERM');
    await Promise.race([worker.exited, sleep(10_000)]);
    if (worker.process.exitCode === null) worker.kill('SIGKILL');
  }
}
