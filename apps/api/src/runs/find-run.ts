import { eq } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { runs, type Run, type TeamRole } from '@transferlab/db/schema';
import { requireTeamRole } from '../auth/authorize';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { isUuid } from '../ids';

export async function findRun(db: DbExecutor, id: string): Promise<Run | null> {
  if (!isUuid(id)) return null;
  const [run] = await db.select().from(runs).where(eq(runs.id, id)).limit(1);
  return run ?? null;
}

/**
 * The run, when the viewer has at least `min` in its team. A missing run and another team's run
 * both answer NOT_FOUND, so ids reveal nothing across teams.
 */
export async function requireRunRole(ctx: ApiContext, id: string, min: TeamRole): Promise<Run> {
  const run = await findRun(ctx.db, id);
  if (!run) throw notFound('Run');
  await requireTeamRole(ctx, run.teamId, min, 'Run');
  return run;
}
