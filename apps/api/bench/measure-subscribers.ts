import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { coresUsed, distribution, errorMessage, round } from './bench-lines';
import type { SubscribersResult, SubscribersTask } from './client-tasks';
import { postGraphql, REPORT_EPOCH, REPORT_PROGRESS } from './post-graphql';

const RUN_EVENTS = `subscription ($id: ID!) { runEvents(runId: $id) { __typename
  ... on RunProgressEvent { progress { batch } }
  ... on RunEpochEvent { metric { epoch } } } }`;

type RunEventData = { runEvents: { __typename: string; progress?: { batch: number }; metric?: { epoch: number } } };

interface Subscriber {
  client: Client;
  /** Highest probe (reportProgress batch number) received. */
  probe: number;
  /** 1 at index e-1 once epoch e arrived. */
  epochs: Uint8Array;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Client side of the fan-out bench: `subscribers` sockets subscribe to one run's events; once
 * every one has received a probe, reportEpoch is called `warmupEpochs + epochs` times and each
 * delivery's delay is measured from just before its call. The warm-up epochs' delays are kept
 * apart, as the query bench's warm-up is: they time code paths the server and this process run
 * for the first time. Runs in its own process, so its clock is the one that timed the calls.
 */
export async function measureSubscribers(task: SubscribersTask): Promise<SubscribersResult> {
  const { subscribers: count, warmupEpochs } = task;
  const epochs = warmupEpochs + task.epochs;
  const sendAt: (number | undefined)[] = new Array<number | undefined>(epochs).fill(undefined);
  const perEpoch: number[][] = Array.from({ length: epochs }, () => []);
  const delays: number[] = [];
  const warmupDelays: number[] = [];
  let duplicates = 0;
  let received = 0;
  let lastReceiptAt = 0;
  let connected = 0;
  let closedEarly = 0;
  let disposing = false;
  const errors: unknown[] = [];

  const created = performance.now();
  const subs: Subscriber[] = [];
  for (let i = 0; i < count; i++) {
    const token = task.viewerTokens[i % task.viewerTokens.length]!;
    const client = createClient({
      url: task.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => void connected++,
        closed: () => {
          if (!disposing) closedEarly++;
        },
      },
    });
    const sub: Subscriber = { client, probe: 0, epochs: new Uint8Array(epochs) };
    client.subscribe<RunEventData>(
      { query: RUN_EVENTS, variables: { id: task.runId } },
      {
        next: (result) => {
          const now = performance.now();
          if (result.errors?.length) errors.push(result.errors);
          const event = result.data?.runEvents;
          if (event?.progress) sub.probe = Math.max(sub.probe, event.progress.batch);
          const epoch = event?.metric?.epoch;
          if (epoch === undefined) return;
          const sent = sendAt[epoch - 1];
          if (sent === undefined) return;
          if (sub.epochs[epoch - 1]) {
            duplicates++;
            return;
          }
          sub.epochs[epoch - 1] = 1;
          const delay = now - sent;
          (epoch > warmupEpochs ? delays : warmupDelays).push(delay);
          perEpoch[epoch - 1]!.push(delay);
          received++;
          lastReceiptAt = now;
        },
        error: (error) => {
          if (!disposing) errors.push(error);
        },
        complete: () => undefined,
      },
    );
    subs.push(sub);
  }

  try {
    const connectDeadline = created + 120_000 + count * 100;
    while (connected < count) {
      if (errors.length) throw new Error(`A subscription failed while connecting: ${describe(errors[0])}`);
      if (performance.now() > connectDeadline) throw new Error(`Only ${connected} of ${count} sockets were acknowledged.`);
      await sleep(20);
    }
    const connectMs = performance.now() - created;

    // graphql-ws does not say when a subscription is live on the server: publish probes until every
    // subscriber has received one, then one last probe that everyone must receive, so that no probe
    // is still on its way when the epochs start (each subscriber's events arrive in order).
    const progress = (batch: number) => ({ phase: 'FEATURE_EXTRACTION', epoch: 0, epochs, batch, batches: 1_000_000 });
    const probe = (batch: number) => postGraphql(task.graphqlUrl, REPORT_PROGRESS, { runId: task.runId, leaseId: task.leaseId, progress: progress(batch) }, task.workerToken);
    let probes = 0;
    const liveDeadline = performance.now() + 120_000 + count * 200;
    const everyone = (atLeast: number) => subs.every((s) => s.probe >= atLeast);
    while (!everyone(1)) {
      if (errors.length) throw new Error(`A subscription failed before going live: ${describe(errors[0])}`);
      if (performance.now() > liveDeadline) throw new Error(`Only ${subs.filter((s) => s.probe > 0).length} of ${count} subscriptions went live.`);
      await probe(++probes);
      const wait = performance.now() + 500;
      while (!everyone(1) && performance.now() < wait) await sleep(20);
    }
    const last = ++probes;
    await probe(last);
    while (!everyone(last)) {
      if (performance.now() > liveDeadline) throw new Error('The last liveness probe did not reach every subscriber.');
      await sleep(20);
    }
    const allLiveMs = performance.now() - created;

    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const reportMs: number[] = [];
    const starts: number[] = [];
    for (let i = 0; i < epochs; i++) {
      const planned = start + i * task.intervalMs;
      const wait = planned - performance.now();
      if (wait > 0) await sleep(wait);
      const metric = {
        phase: 'FEATURE_EXTRACTION',
        epoch: i + 1,
        loss: 1 / (i + 1),
        accuracy: 0.5,
        valLoss: 1.2 / (i + 1),
        valAccuracy: 0.5,
        learningRate: 0.001,
        durationMs: Math.round(task.intervalMs),
        imagesPerSecond: 100,
        at: new Date().toISOString(),
      };
      const sent = performance.now();
      sendAt[i] = sent;
      starts.push(sent);
      await postGraphql(task.graphqlUrl, REPORT_EPOCH, { runId: task.runId, leaseId: task.leaseId, metric }, task.workerToken);
      if (i >= warmupEpochs) reportMs.push(performance.now() - sent);
    }
    const expected = count * epochs;
    const lastSent = starts[starts.length - 1]!;
    while (received < expected && performance.now() - lastSent < task.settleMs) await sleep(20);
    const wallMs = performance.now() - start;

    return {
      kind: 'subscribers',
      connectMs: Math.round(connectMs),
      allLiveMs: Math.round(allLiveMs),
      liveProbes: probes,
      deliveryMs: distribution(delays),
      warmupDeliveryMs: distribution(warmupDelays),
      reportEpochMs: distribution(reportMs),
      reportSpacingMs: distribution(starts.slice(warmupEpochs + 1).map((s, i) => s - starts[warmupEpochs + i]!)),
      byEpoch: perEpoch.map((d, i) => {
        const dist = distribution(d);
        return { epoch: i + 1, warmup: i < warmupEpochs, received: d.length, p50Ms: dist?.p50 ?? null, maxMs: dist?.max ?? null };
      }),
      expected,
      received,
      missing: expected - received,
      duplicates,
      subscribersMissingSome: subs.filter((s) => s.epochs.some((e) => e === 0)).length,
      lastDeliveryAfterLastReportMs: received ? round(lastReceiptAt - lastSent) : null,
      gaveUpWaiting: received < expected,
      subscriptionErrors: errors.length,
      firstSubscriptionError: errors.length ? describe(errors[0]) : null,
      socketsClosedEarly: closedEarly,
      clientCores: coresUsed(cpuStart, wallMs),
    };
  } finally {
    disposing = true;
    await Promise.all(subs.map((s) => s.client.dispose()));
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) return `socket closed ${String(error.code)} ${String(error.reason)}`;
  if (Array.isArray(error)) return JSON.stringify(error).slice(0, 300);
  return errorMessage(error);
}
