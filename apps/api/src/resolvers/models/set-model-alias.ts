import { sql } from 'drizzle-orm';
import { modelAliases, type Model } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import { TEXT_LIMITS } from '../../text-limits';
import { warmModel } from '../../predict/warm-model';
import { findModel } from './find-model';

const ALIAS = new RegExp(`^[a-z0-9_-]{1,${TEXT_LIMITS.modelAlias}}$`);

/**
 * Points `alias` (e.g. "production") at this version of the model. An alias names one version per
 * team and model name, so setting it moves it away from whichever version had it.
 */
export async function setModelAlias(ctx: ApiContext, { modelId, alias }: { modelId: string; alias: string }): Promise<Model> {
  const model = await findModel(ctx, { id: modelId, min: 'MEMBER' });
  if (!ALIAS.test(alias)) {
    throw badInput(`Alias '${alias.slice(0, TEXT_LIMITS.modelAlias + 10)}' is not valid: use 1 to ${TEXT_LIMITS.modelAlias} characters from a-z, 0-9, '_' and '-' (e.g. "production").`, { field: 'alias' });
  }
  // One statement on the unique (team, model name, alias): the alias moves atomically, and two
  // concurrent moves cannot leave it on two versions or on none.
  await ctx.db
    .insert(modelAliases)
    .values({ teamId: model.teamId, modelName: model.name, alias, modelId: model.id })
    .onConflictDoUpdate({
      target: [modelAliases.teamId, modelAliases.modelName, modelAliases.alias],
      set: { modelId: model.id, createdAt: sql`now()` },
    });
  // Whoever calls by alias next should find this version loaded (a no-op when a worker holds it).
  void warmModel(ctx, model);
  return model;
}
