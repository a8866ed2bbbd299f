// What the parent asks the client process to do, and what it answers (over the IPC channel).
import type { Distribution } from './bench-lines';

export interface SubscribersTask {
  kind: 'subscribers';
  graphqlUrl: string;
  wsUrl: string;
  runId: string;
  /** The bench worker's claim of the run, sent with its reports. */
  leaseId: string;
  /** Session tokens of team members; socket i signs in with token i mod length. */
  viewerTokens: string[];
  workerToken: string;
  subscribers: number;
  /** reportEpoch calls first, delivered like the rest but not counted in deliveryMs: see warmupDeliveryMs. */
  warmupEpochs: number;
  epochs: number;
  intervalMs: number;
  settleMs: number;
}

export interface SubscribersResult {
  kind: 'subscribers';
  /** From creating the clients until every socket was acknowledged (connection_ack). */
  connectMs: number;
  /** From the first socket until every subscriber had received a probe (reportProgress): all live. */
  allLiveMs: number;
  liveProbes: number;
  /** Delay from just before a reportEpoch call to one subscriber receiving that epoch, ms, over every (subscriber, measured epoch). */
  deliveryMs: Distribution | null;
  /** The same over the warm-up epochs: the first epoch events a fresh server (and client process) handles. */
  warmupDeliveryMs: Distribution | null;
  /** reportEpoch HTTP round trips of the measured epochs, ms. */
  reportEpochMs: Distribution | null;
  /** The gaps actually left between reportEpoch call starts, ms. */
  reportSpacingMs: Distribution | null;
  /** Every epoch, the warm-up ones first (marked). */
  byEpoch: { epoch: number; warmup: boolean; received: number; p50Ms: number | null; maxMs: number | null }[];
  expected: number;
  received: number;
  missing: number;
  duplicates: number;
  subscribersMissingSome: number;
  /** From the last reportEpoch call's start to the last delivery. */
  lastDeliveryAfterLastReportMs: number | null;
  gaveUpWaiting: boolean;
  subscriptionErrors: number;
  firstSubscriptionError: string | null;
  socketsClosedEarly: number;
  /** CPU the client process used during the epoch phase, in cores (1 = one core busy). */
  clientCores: number;
}

export interface MetricsQueryTask {
  kind: 'metricsQuery';
  graphqlUrl: string;
  runId: string;
  token: string;
  expectedRows: number;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export interface MetricsQueryResult {
  kind: 'metricsQuery';
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  qps: number;
  latencyMs: Distribution | null;
  responseBytes: number;
  rowsPerResponse: number;
  warmupRequests: number;
  clientCores: number;
}

export type ClientTask = SubscribersTask | MetricsQueryTask;
export type ClientResult = SubscribersResult | MetricsQueryResult;

export const RUN_METRICS_QUERY =
  'query ($id: ID!) { run(id: $id) { metrics { phase epoch loss accuracy valLoss valAccuracy learningRate durationMs imagesPerSecond at } } }';
