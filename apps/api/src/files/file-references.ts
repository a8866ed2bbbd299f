import { eq, isNotNull, or, sql } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { backboneWeights, datasetImages, imagenetWeights, models, runs } from '@transferlab/db/schema';

/**
 * Every stored file some row names: dataset images, runs' checkpoints and uploaded model files,
 * models' files, and uploaded weights (a team's and the server's ImageNet copies). Files are stored by content, so one file may be named by several rows.
 */
export async function referencedFiles(db: DbExecutor): Promise<Set<string>> {
  const named = new Set<string>();
  for (const { sha256 } of await db.selectDistinct({ sha256: datasetImages.sha256 }).from(datasetImages)) named.add(sha256);
  for (const run of await db.select({ checkpoint: runs.checkpointSha256, modelFiles: runs.modelFiles }).from(runs).where(or(isNotNull(runs.checkpointSha256), isNotNull(runs.modelFiles)))) {
    if (run.checkpoint) named.add(run.checkpoint);
    for (const sha256 of Object.values(run.modelFiles ?? {})) named.add(sha256);
  }
  for (const model of await db.select({ files: models.files }).from(models)) {
    for (const sha256 of Object.values(model.files as unknown as Record<string, string>)) named.add(sha256);
  }
  for (const { sha256 } of await db.selectDistinct({ sha256: backboneWeights.sha256 }).from(backboneWeights)) named.add(sha256);
  for (const { sha256 } of await db.selectDistinct({ sha256: imagenetWeights.sha256 }).from(imagenetWeights)) named.add(sha256);
  return named;
}

/** Whether any row still names the file (the same places as referencedFiles). */
export async function isFileReferenced(db: DbExecutor, sha256: string): Promise<boolean> {
  const [image] = await db.select({ one: sql`1` }).from(datasetImages).where(eq(datasetImages.sha256, sha256)).limit(1);
  if (image) return true;
  const asJsonValue = sql`jsonb_path_exists(${runs.modelFiles}, '$.* ? (@ == $sha)', jsonb_build_object('sha', ${sha256}::text))`;
  const [run] = await db.select({ one: sql`1` }).from(runs).where(or(eq(runs.checkpointSha256, sha256), asJsonValue)).limit(1);
  if (run) return true;
  const [model] = await db
    .select({ one: sql`1` })
    .from(models)
    .where(sql`jsonb_path_exists(${models.files}, '$.* ? (@ == $sha)', jsonb_build_object('sha', ${sha256}::text))`)
    .limit(1);
  if (model) return true;
  const [weights] = await db.select({ one: sql`1` }).from(backboneWeights).where(eq(backboneWeights.sha256, sha256)).limit(1);
  if (weights) return true;
  const [imagenet] = await db.select({ one: sql`1` }).from(imagenetWeights).where(eq(imagenetWeights.sha256, sha256)).limit(1);
  return Boolean(imagenet);
}

