import { eq } from 'drizzle-orm';
import { models, type Model, type TeamRole } from '@transferlab/db/schema';
import { requireTeamRole, requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import { isUuid } from '../../ids';

/**
 * A model whose team the viewer has at least `min` in. A malformed id, a missing model and
 * another team's model all get the same NOT_FOUND, so ids reveal nothing; a member below `min`
 * gets FORBIDDEN.
 */
export async function findModel(ctx: ApiContext, { id, min = 'VIEWER' }: { id: string; min?: TeamRole }): Promise<Model> {
  requireUser(ctx);
  if (!isUuid(id)) throw notFound('Model');
  const [model] = await ctx.db.select().from(models).where(eq(models.id, id)).limit(1);
  if (!model) throw notFound('Model');
  await requireTeamRole(ctx, model.teamId, min, 'Model');
  return model;
}
