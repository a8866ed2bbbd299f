export { claimNextRun, type ClaimNextRunOptions } from './claim-next-run';
export { failExhaustedRuns } from './fail-exhausted-runs';
