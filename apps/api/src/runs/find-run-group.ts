import { eq } from 'drizzle-orm';
import { runGroups, type RunGroup } from '@transferlab/db/schema';
import { requireTeamRole } from '../auth/authorize';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { isUuid } from '../ids';

/**
 * The group, when the viewer has VIEWER or more in its team. As with runs, a missing group and
 * another team's group both answer NOT_FOUND, so ids reveal nothing across teams.
 */
export async function requireRunGroup(ctx: ApiContext, id: string): Promise<RunGroup> {
  const [group] = isUuid(id) ? await ctx.db.select().from(runGroups).where(eq(runGroups.id, id)).limit(1) : [];
  if (!group) throw notFound('Run group');
  await requireTeamRole(ctx, group.teamId, 'VIEWER', 'Run group');
  return group;
}
