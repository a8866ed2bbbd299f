import { roleAtLeast, teamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';

/** How long a subscriber's membership check is trusted before it is asked again. */
export const ACCESS_RECHECK_MS = 5_000;

/**
 * Whether the subscriber may still read the team, re-asked at most every ACCESS_RECHECK_MS: a member
 * who is removed stops receiving within that time, without a query per event.
 */
export function teamAccessCheck(ctx: ApiContext, teamId: string): () => Promise<boolean> {
  let checkedAt = Date.now();
  let allowed = true;
  return async () => {
    if (Date.now() - checkedAt < ACCESS_RECHECK_MS) return allowed;
    const role = await teamRole(ctx, teamId);
    allowed = role !== null && roleAtLeast(role, 'VIEWER');
    checkedAt = Date.now();
    return allowed;
  };
}
