import type { DbExecutor } from '@transferlab/db';
import type { Run } from '@transferlab/db/schema';
import type { EventBus } from '../events/event-bus';

/**
 * A run's status changed: its runEvents subscribers and its team's run list (teamRuns) both learn
 * it from this one event. Pass the transaction that made the change so the event goes out at commit.
 */
export function publishRunStatus(events: EventBus, run: Run, tx?: DbExecutor): Promise<void> {
  return events.publish({ type: 'runStatus', teamId: run.teamId, runId: run.id, status: run.status, error: run.error }, tx);
}

/** A run was created: its team's run list (teamRuns) shows it. */
export function publishRunCreated(events: EventBus, run: Run, tx?: DbExecutor): Promise<void> {
  return events.publish({ type: 'teamRun', teamId: run.teamId, runId: run.id }, tx);
}
