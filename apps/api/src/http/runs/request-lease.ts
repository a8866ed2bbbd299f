import type { Request } from 'express';
import type { ApiContext } from '../../context';
import { workerLease, type Lease } from '../../runs/lease';

/** The header a worker's file requests name their claim in, as the GraphQL calls do with `leaseId`. */
export const LEASE_HEADER = 'x-lease-id';

export function requestLease(req: Request, ctx: ApiContext): Lease {
  return workerLease(ctx, req.get(LEASE_HEADER));
}
