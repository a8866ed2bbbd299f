import { and, eq, max, sql } from 'drizzle-orm';
import { datasets, models, runs, type Run } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import { readStoredBytes } from '../../files/file-store';
import { lockLeasedRun, workerLease } from '../../runs/lease';
import { parseModelMetadata } from '../../runs/model-metadata';
import { parsePredictions, storePredictions } from '../../runs/model-predictions';
import { requireWholeEpochs } from '../../runs/require-whole-epochs';
import { publishRunStatus } from '../../runs/run-events';
import { warmModel } from '../../predict/warm-model';

export interface FinishRunOptions {
  ctx: ApiContext;
  runId: string;
  leaseId: string;
}

/**
 * Marks the run SUCCEEDED and turns its uploaded model files into the next version of the model
 * named after the run (or its dataset), in one transaction: there is never a succeeded run without
 * its model, nor a model of a run that did not succeed. Refused while an epoch is missing.
 */
export async function finishRun({ ctx, runId, leaseId }: FinishRunOptions): Promise<Run> {
  const lease = workerLease(ctx, leaseId);
  const { finished, model } = await ctx.db.transaction(async (tx) => {
    const run = await lockLeasedRun(tx, runId, lease);
    const files = run.modelFiles;
    if (!files) {
      throw badInput(`Run ${run.id} has no model files yet. Upload model.json, weights.bin and metadata.json to POST /api/runs/${run.id}/model first, then finish the run.`);
    }
    await requireWholeEpochs(tx, run.id);
    const summary = parseModelMetadata(await readStoredBytes(ctx.files, files['metadata.json']));
    const [dataset] = await tx.select({ name: datasets.name }).from(datasets).where(eq(datasets.id, run.datasetId));
    const name = run.name ?? dataset?.name ?? 'model';

    // Versions count up per team and name; the lock makes two runs finishing at once take turns
    // instead of both computing the same next version.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`model-version:${run.teamId}:${name}`}, 0))`);
    const [latest] = await tx
      .select({ version: max(models.version) })
      .from(models)
      .where(and(eq(models.teamId, run.teamId), eq(models.name, name)));
    const [model] = await tx
      .insert(models)
      .values({
        teamId: run.teamId,
        runId: run.id,
        name,
        version: (latest?.version ?? 0) + 1,
        classes: summary.classes,
        imageSize: summary.imageSize,
        backbone: summary.backbone,
        valAccuracy: summary.valAccuracy,
        confusionMatrix: summary.confusionMatrix,
        classMetrics: summary.classMetrics,
        metadata: summary.metadata,
        // By file name, plus the two keys the db's ModelFiles type names.
        files: { ...files, modelJson: files['model.json'], weights: files['weights.bin'] },
      })
      .returning({ id: models.id, files: models.files, metadata: models.metadata });
    if (model && files['predictions.json']) {
      await storePredictions(tx, model.id, parsePredictions(await readStoredBytes(ctx.files, files['predictions.json']), summary));
    }

    const [finished] = await tx
      .update(runs)
      .set({ status: 'SUCCEEDED', finishedAt: sql`now()`, leaseExpiresAt: null, error: null, failure: null })
      .where(eq(runs.id, run.id))
      .returning();
    if (!finished) throw new Error(`Run ${run.id} vanished while it was locked.`);
    if (!model) throw new Error(`Run ${run.id}: the model insert returned no row.`);
    await publishRunStatus(ctx.events, finished, tx);
    return { finished, model };
  });
  // After the commit, so a worker never loads a model a rolled-back transaction did not keep.
  void warmModel(ctx, model);
  return finished;
}
