import { desc, eq } from 'drizzle-orm';
import { runGroups, type RunGroup } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';

export const MAX_RUN_GROUPS_PAGE = 100;

/** A team's run groups, newest first. The caller has already authorized the team. */
export async function teamRunGroups(ctx: ApiContext, teamId: string, first: number): Promise<RunGroup[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_RUN_GROUPS_PAGE) throw badInput(`first must be between 1 and ${MAX_RUN_GROUPS_PAGE}; got ${first}.`, { field: 'first' });
  return ctx.db.select().from(runGroups).where(eq(runGroups.teamId, teamId)).orderBy(desc(runGroups.createdAt), desc(runGroups.id)).limit(first);
}
