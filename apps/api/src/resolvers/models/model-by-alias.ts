import { and, eq } from 'drizzle-orm';
import { modelAliases, models, type Model } from '@transferlab/db/schema';
import { requireTeamRole, requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { badInput, notFound } from '../../errors';
import { isUuid } from '../../ids';
import { characters, TEXT_LIMITS } from '../../text-limits';

/**
 * The version of model `name` that `alias` points at in the team, or null when no version has that
 * alias. Non-members get NOT_FOUND for the team, whether or not it exists.
 */
export async function modelByAlias(ctx: ApiContext, { teamId, name, alias }: { teamId: string; name: string; alias: string }): Promise<Model | null> {
  requireUser(ctx);
  if (characters(name) > TEXT_LIMITS.modelName) throw badInput(`The model name is longer than ${TEXT_LIMITS.modelName} characters, so no model has it.`, { field: 'name' });
  if (characters(alias) > TEXT_LIMITS.modelAlias) throw badInput(`The alias is longer than ${TEXT_LIMITS.modelAlias} characters, so no model has it.`, { field: 'alias' });
  if (!isUuid(teamId)) throw notFound('Team');
  await requireTeamRole(ctx, teamId, 'VIEWER');
  const [row] = await ctx.db
    .select({ model: models })
    .from(modelAliases)
    .innerJoin(models, eq(models.id, modelAliases.modelId))
    .where(and(eq(modelAliases.teamId, teamId), eq(modelAliases.modelName, name), eq(modelAliases.alias, alias)))
    .limit(1);
  return row?.model ?? null;
}
