import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { runs, type Run, type RunStatus } from '@transferlab/db/schema';
import { requireTeamRole } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import { isUuid } from '../../ids';

export const MAX_RUNS_PAGE = 500;
const MAX_COMPARED_RUNS = 100;

export interface TeamRunsOptions {
  ctx: ApiContext;
  teamId: string;
  status?: RunStatus | null;
  first: number;
}

/** A team's runs, newest first. The caller has already authorized the team. */
export async function teamRuns({ ctx, teamId, status, first }: TeamRunsOptions): Promise<Run[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_RUNS_PAGE) throw badInput(`first must be between 1 and ${MAX_RUNS_PAGE}; got ${first}.`);
  const where: SQL[] = [eq(runs.teamId, teamId)];
  if (status) where.push(eq(runs.status, status));
  return ctx.db
    .select()
    .from(runs)
    .where(and(...where))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(first);
}

export interface CompareRunsOptions {
  ctx: ApiContext;
  teamId: string;
  ids?: readonly string[] | null;
}

/**
 * Runs of a team (VIEWER or higher), in the order of `ids` for a side-by-side comparison; ids that
 * name no run of this team are left out. Without ids: the newest runs.
 */
export async function compareRuns({ ctx, teamId, ids }: CompareRunsOptions): Promise<Run[]> {
  await requireTeamRole(ctx, teamId, 'VIEWER');
  if (!ids) return teamRuns({ ctx, teamId, first: MAX_RUNS_PAGE });
  if (ids.length > MAX_COMPARED_RUNS) throw badInput(`Compare at most ${MAX_COMPARED_RUNS} runs at once; got ${ids.length}.`);
  const wanted = ids.filter(isUuid);
  if (!wanted.length) return [];
  const rows = await ctx.db
    .select()
    .from(runs)
    .where(and(eq(runs.teamId, teamId), inArray(runs.id, wanted)));
  const byId = new Map(rows.map((run) => [run.id, run]));
  return [...new Set(wanted)].flatMap((id) => byId.get(id) ?? []);
}
