import type { ClaimOrder } from '@transferlab/db/queries';

/** How the run queue is shared: the order trainers take runs in, and what one team and one run may ask of it. */
export interface RunQueueLimits {
  claimOrder: ClaimOrder;
  maxQueuedRunsPerTeam: number;
  /** Trainers heard from within this many minutes count for the largest run startRun accepts. */
  trainerSeenMinutes: number;
  /** The memory assumed when no trainer that declares its memory was seen that recently. */
  defaultTrainerMemoryMb: number;
}

export const RUN_QUEUE_DEFAULTS: RunQueueLimits = {
  claimOrder: 'fair',
  // Room for a full sweep (SWEEP_BOUNDS.maxRuns, 24) beside a few runs already waiting.
  maxQueuedRunsPerTeam: 50,
  trainerSeenMinutes: 10,
  // About what `transferlab worker` declares by default on an 8 GB machine.
  defaultTrainerMemoryMb: 6144,
};
