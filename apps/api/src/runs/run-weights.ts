import { eq } from 'drizzle-orm';
import { backboneWeights, type BackboneWeights } from '@transferlab/db/schema';
import { backboneAlphas, type TrainConfigInput } from '@transferlab/ml-core/no-tfjs';
import type { ApiContext } from '../context';
import { badInput, notFound } from '../errors';
import type { StartRunInput } from '../generated/graphql';
import { isUuid } from '../ids';

/**
 * The uploaded weights a new run asks for (`weightsId`), which must be its dataset's team's and
 * fit the run: a backbone to load them into, the same backbone, pretrained. Null when none.
 */
export async function requireRunWeights(ctx: ApiContext, input: StartRunInput, teamId: string): Promise<BackboneWeights | null> {
  if (input.weightsId == null) return null;
  const [weights] = isUuid(input.weightsId) ? await ctx.db.select().from(backboneWeights).where(eq(backboneWeights.id, input.weightsId)).limit(1) : [];
  // Another team's weights are as invisible as missing ones.
  if (!weights || weights.teamId !== teamId) throw notFound('Weights');
  const backbone = input.backbone ?? 'VGG16';
  const fields: Record<string, string> = {};
  if (input.strategy === 'BASELINE') fields.weightsId = 'applies to FEATURE_EXTRACTION and FINE_TUNE; a BASELINE trains a small CNN from scratch';
  else if (backbone !== weights.backbone) fields.weightsId = `names weights for ${weights.backbone}${weights.alpha === null ? '' : ` alpha ${weights.alpha}`}, but the run's backbone is ${backbone}: pick that backbone, or other weights`;
  if (input.pretrained === false) fields.pretrained = 'must not be false with weightsId: the run starts from the uploaded weights';
  if (Object.keys(fields).length) {
    const list = Object.entries(fields).map(([field, message]) => `${field} ${message}`).join('; ');
    throw badInput(`Invalid run settings: ${list}.`, { fields });
  }
  return weights;
}

/** The settings the weights decide: a backbone's width is the width they were saved at. */
export function settingsFromWeights(weights: BackboneWeights | null): Pick<TrainConfigInput, 'alpha'> {
  const stored = weights?.alpha;
  // The column is a float4: match it to the width it was uploaded as.
  const alpha = stored == null || !weights ? undefined : backboneAlphas(weights.backbone)?.find((a) => Math.abs(a - stored) < 1e-6);
  return alpha === undefined ? {} : { alpha: alpha as TrainConfigInput['alpha'] };
}
