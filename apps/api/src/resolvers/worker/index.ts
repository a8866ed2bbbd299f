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
    heartbeat: (_parent, { runId }, ctx) => heartbeat({ ctx, runId }),
    reportProgress: (_parent, { runId, progress }, ctx) => reportProgress({ ctx, runId, progress }),
    reportEpoch: (_parent, { runId, metric }, ctx) => reportEpoch({ ctx, runId, metric }),
    finishRun: (_parent, { runId }, ctx) => finishRun({ ctx, runId }),
    failRun: (_parent, { runId, failure }, ctx) => failRun({ ctx, runId, failure }),
  },
};
