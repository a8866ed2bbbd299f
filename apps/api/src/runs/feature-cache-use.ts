import { z } from 'zod';

/** ml-core's FeatureCacheUse in metadata.json: checked on upload, read back for Run.featureCache. */
export const featureCacheUseSchema = z.object({ hits: z.number().int().min(0), misses: z.number().int().min(0) });
export type FeatureCacheUse = z.infer<typeof featureCacheUseSchema>;

/** The stored metadata's feature-cache use; null when features were not cached (a baseline) or the file predates it. */
export function featureCacheUseOf(metadata: Record<string, unknown>): FeatureCacheUse | null {
  const parsed = featureCacheUseSchema.safeParse(metadata.featureCache);
  return parsed.success ? parsed.data : null;
}
