import type { Request, Response } from 'express';
import { and, eq, sql } from 'drizzle-orm';
import { imagenetWeights, runs } from '@transferlab/db/schema';
import { requireWorker } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import { isSha256 } from '../../ids';
import { leaseOwnerOf } from '../../runs/lease';
import { routeParam } from '../datasets/route-param';
import { sendStoredFile } from '../runs/send-stored-file';

/**
 * GET /api/worker/weights/:sha256 (worker token): the starting weights of a run this worker holds,
 * or the server's copy of one of Keras's ImageNet files (public weights, so any trainer may fetch them).
 */
export async function workerWeights(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const owner = leaseOwnerOf(requireWorker(ctx));
  const sha256 = routeParam(req, 'sha256');
  if (!isSha256(sha256)) throw notFound('Weights');
  const [imagenet] = await ctx.db.select({ sha256: imagenetWeights.sha256 }).from(imagenetWeights).where(eq(imagenetWeights.sha256, sha256)).limit(1);
  const [held] = imagenet
    ? [imagenet]
    : await ctx.db
        .select({ id: runs.id })
        .from(runs)
        .where(and(sql`${runs.weights}->>'sha256' = ${sha256}`, eq(runs.status, 'RUNNING'), eq(runs.leaseOwner, owner)))
        .limit(1);
  if (!held) throw notFound('Weights');
  await sendStoredFile(req, res, ctx, sha256, 'application/x-hdf5');
}
