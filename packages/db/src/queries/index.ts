export { claimNextRun, type ClaimNextRunOptions } from './claim-next-run';
export { failExhaustedRuns } from './fail-exhausted-runs';
export { graceAfterOutage, leaseClockIsStale, type GraceAfterOutageOptions } from './grace-after-outage';
