import type { Resolvers } from '../../generated/graphql';
import { claimRun } from './claim-run';
import { failRun } from './fail-run';
import { finishRun } from './finish-run';
import { heartbeat } from './heartbeat';
import { reportEpoch } from './report-epoch';
import { reportProgress } from './report-progress';

/** The worker protocol: only worker tokens, and after claimRun only the run's lease owner. */
export const workerResolvers: Resolvers = {
  Mutation: {
    claimRun: (_parent, { worker }, ctx) => claimRun({ ctx, worker }),
    heartbeat: (_parent, { runId, leaseId }, ctx) => heartbeat({ ctx, runId, leaseId }),
    reportProgress: (_parent, { runId, leaseId, progress }, ctx) => reportProgress({ ctx, runId, leaseId, progress }),
    reportEpoch: (_parent, { runId, leaseId, metric }, ctx) => reportEpoch({ ctx, runId, leaseId, metric }),
    finishRun: (_parent, { runId, leaseId }, ctx) => finishRun({ ctx, runId, leaseId }),
    failRun: (_parent, { runId, leaseId, failure }, ctx) => failRun({ ctx, runId, leaseId, failure }),
  },
};
