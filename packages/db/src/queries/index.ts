export { claimNextRun, type ClaimNextRunOptions } from './claim-next-run';
export { CLAIM_ORDERS, type ClaimEligibility, type ClaimOrder } from './claim-order';
export { failExhaustedRuns } from './fail-exhausted-runs';
export { graceAfterOutage, leaseClockIsStale, type GraceAfterOutageOptions } from './grace-after-outage';
