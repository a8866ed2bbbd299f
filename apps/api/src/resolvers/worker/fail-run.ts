import { eq, sql } from 'drizzle-orm';
import { runs, type FailureKind, type Run } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import type { RunFailureInput } from '../../generated/graphql';
import { lockLeasedRun, workerLease } from '../../runs/lease';
import { publishRunStatus } from '../../runs/run-events';
import { TEXT_LIMITS } from '../../text-limits';

const KINDS: readonly FailureKind[] = ['user', 'resource', 'system'];
const MAX_MESSAGE_LENGTH = TEXT_LIMITS.failureMessage;

export interface FailRunOptions {
  ctx: ApiContext;
  runId: string;
  leaseId: string;
  failure: RunFailureInput;
}

/**
 * Records why the worker gave up on the run: FAILED with the classified failure, or CANCELED when
 * the worker stopped because a cancel was requested (code CANCELED). A CANCELED code without a
 * cancel request is a failure like any other.
 */
export async function failRun({ ctx, runId, leaseId, failure }: FailRunOptions): Promise<Run> {
  const lease = workerLease(ctx, leaseId);
  const code = failure.code.trim();
  const message = failure.message.trim().slice(0, MAX_MESSAGE_LENGTH);
  if (!code) throw badInput('failure.code is required, e.g. BAD_DATA, OUT_OF_MEMORY or CANCELED.');
  if (!message) throw badInput('failure.message is required: what went wrong and what to do about it.');
  if (!KINDS.includes(failure.kind as FailureKind)) throw badInput(`failure.kind must be one of ${KINDS.join(', ')}; got "${failure.kind}".`);
  const kind = failure.kind as FailureKind;

  return ctx.db.transaction(async (tx) => {
    const run = await lockLeasedRun(tx, runId, lease);
    const canceled = code === 'CANCELED' && run.cancelRequested;
    const [ended] = await tx
      .update(runs)
      .set(
        canceled
          ? { status: 'CANCELED', finishedAt: sql`now()`, leaseExpiresAt: null }
          : { status: 'FAILED', finishedAt: sql`now()`, leaseExpiresAt: null, error: message, failure: { code, kind, message } },
      )
      .where(eq(runs.id, run.id))
      .returning();
    if (!ended) throw new Error(`Run ${run.id} vanished while it was locked.`);
    await publishRunStatus(ctx.events, ended, tx);
    return ended;
  });
}
