import { eq } from 'drizzle-orm';
import { imagenetWeights, type Run } from '@transferlab/db/schema';
import { backboneAlphas, imagenetWeightsLocation, type TrainConfig } from '@transferlab/ml-core/no-tfjs';
import type { ApiContext } from '../context';
import type { ClaimedWeightsParent } from '../graphql-parents';

/**
 * Where a claimed run's starting weights come from over the API: the uploaded weights it names, or
 * the server's copy of the Keras ImageNet file it needs. Null when the worker is on its own
 * (random weights, or ImageNet that the server holds no copy of).
 */
export async function claimedWeights(ctx: ApiContext, run: Run): Promise<ClaimedWeightsParent | null> {
  const url = (sha256: string) => `${ctx.publicUrl}/api/worker/weights/${sha256}`;
  if (run.weights) return { kind: 'asset', id: run.weights.id, name: run.weights.name, sha256: run.weights.sha256, url: url(run.weights.sha256) };
  const config = run.config as Partial<TrainConfig>;
  if (config.strategy === 'BASELINE' || config.pretrained === false || !config.backbone) return null;
  let fileName: string;
  try {
    const alpha = backboneAlphas(config.backbone) ? config.alpha : undefined;
    ({ fileName } = imagenetWeightsLocation({ backbone: config.backbone, alpha, imageSize: config.imageSize }));
  } catch {
    // Keras publishes nothing for this configuration; the trainer says so itself.
    return null;
  }
  const [copy] = await ctx.db.select().from(imagenetWeights).where(eq(imagenetWeights.fileName, fileName)).limit(1);
  return copy ? { kind: 'imagenet', id: null, name: copy.fileName, sha256: copy.sha256, url: url(copy.sha256) } : null;
}
