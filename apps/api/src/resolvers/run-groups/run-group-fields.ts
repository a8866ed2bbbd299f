import { eq } from 'drizzle-orm';
import { runGroups, users } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import type { RunGroupResolvers } from '../../generated/graphql';
import { loadGroupRunFacts, loadGroupRuns } from '../../runs/group-runs';
import { compareLadder } from '../../runs/ladder-comparison';
import { rankSweep } from '../../runs/sweep-ranking';

/** RunGroup fields that are not plain columns. The group was authorized by whoever returned it. */
export const runGroupFields: RunGroupResolvers = {
  createdBy: async (group, _args, ctx) => {
    const [user] = await ctx.db.select().from(users).where(eq(users.id, group.createdBy)).limit(1);
    if (!user) throw new Error(`User ${group.createdBy} is missing.`);
    return user;
  },
  runs: (group, _args, ctx) => loadGroupRuns(ctx, group),
  comparison: async (group, _args, ctx) => {
    if (group.kind !== 'LADDER') return null;
    return compareLadder(await loadGroupRunFacts(ctx, await loadGroupRuns(ctx, group)));
  },
  sweep: async (group, _args, ctx) => {
    if (group.kind !== 'SWEEP' || !group.grid) return null;
    return rankSweep(group.grid, await loadGroupRunFacts(ctx, await loadGroupRuns(ctx, group)));
  },
};

/** Run.group: the run's group (same team as the run, which was authorized). */
export async function runGroupOf(ctx: ApiContext, groupId: string | null) {
  if (!groupId) return null;
  const [group] = await ctx.db.select().from(runGroups).where(eq(runGroups.id, groupId)).limit(1);
  return group ?? null;
}
