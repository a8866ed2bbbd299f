import type { RunStatus } from '@transferlab/db/schema';
import type { RunProgressShape } from '../graphql-parents';

/**
 * Everything that is published between API processes, one payload type per event. Payloads
 * carry ids and small data only (Postgres NOTIFY payloads must stay under 8000 bytes).
 */
export type ApiEvent =
  | { type: 'runProgress'; teamId: string; runId: string; progress: RunProgressShape }
  | { type: 'runEpoch'; teamId: string; runId: string; metricId: string }
  | { type: 'runStatus'; teamId: string; runId: string; status: RunStatus; error: string | null }
  | { type: 'teamRun'; teamId: string; runId: string };

export type ApiEventType = ApiEvent['type'];
