import type { RunStatus } from '@transferlab/db/schema';
import type { RunProgressShape } from '../graphql-parents';
import type { EpochMetricJson } from '../runs/epoch-metric-columns';

/**
 * Everything that is published between API processes, one payload type per event. Payloads
 * carry ids and small data only (Postgres NOTIFY payloads must stay under 8000 bytes).
 */
export type ApiEvent =
  | { type: 'runProgress'; teamId: string; runId: string; progress: RunProgressShape }
  // The stored row itself (about 250 bytes), so no process reads it back for its subscribers.
  | { type: 'runEpoch'; teamId: string; runId: string; metric: EpochMetricJson }
  | { type: 'runStatus'; teamId: string; runId: string; status: RunStatus; error: string | null }
  | { type: 'teamRun'; teamId: string; runId: string }
  // Access that ended: open subscriptions of that credential or member re-check theirs at once.
  | { type: 'sessionEnded'; sessionId: string }
  | { type: 'apiTokenRevoked'; tokenId: string }
  | { type: 'membershipChanged'; teamId: string; userId: string };

/** The events that say access changed, rather than what happened to a run. */
export type AccessEvent = Extract<ApiEvent, { type: 'sessionEnded' | 'apiTokenRevoked' | 'membershipChanged' }>;

export type ApiEventType = ApiEvent['type'];
