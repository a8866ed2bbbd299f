import { datasets, type Dataset } from '@transferlab/db/schema';
import { requireTeamRole, requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { validDatasetName } from '../../datasets/dataset-name';
import { isUuid } from '../../ids';
import { notFound } from '../../errors';

/** Mutation.createDataset: an empty dataset in a team where the viewer is MEMBER or above. */
export async function createDataset(ctx: ApiContext, { teamId, name }: { teamId: string; name: string }): Promise<Dataset> {
  const user = requireUser(ctx);
  if (!isUuid(teamId)) throw notFound('Team');
  await requireTeamRole(ctx, teamId, 'MEMBER');
  const [dataset] = await ctx.db.insert(datasets).values({ teamId, name: validDatasetName(name), createdBy: user.id }).returning();
  if (!dataset) throw new Error('Inserting the dataset returned no row.');
  return dataset;
}
