import { buffer } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import type { Request, Response } from 'express';
import { datasetImages } from '@transferlab/db/schema';
import { sniffImageFormat, type ImageFormat } from '@transferlab/ml-core/no-tfjs';
import type { ApiContext } from '../../context';
import { isSha256 } from '../../ids';
import { requireDataset } from '../../datasets/require-dataset';
import { notFound } from '../../errors';
import { sendStoredFile } from '../runs/send-stored-file';
import { routeParam } from './route-param';

const CONTENT_TYPE: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };

/**
 * GET /api/datasets/:id/images/:sha256 — the stored bytes of one of the dataset's images. The
 * image must belong to this dataset: a sha256 alone (seen in another team's dataset) opens nothing.
 * For VIEWER or higher of the team; trainers fetch the images of the run they hold from /api/worker/images.
 */
export async function downloadImage(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const dataset = await requireDataset(ctx, routeParam(req, 'id'), 'VIEWER');
  const sha256 = routeParam(req, 'sha256');
  if (!isSha256(sha256)) throw notFound('Image');
  const [image] = await ctx.db
    .select({ id: datasetImages.id })
    .from(datasetImages)
    .where(and(eq(datasetImages.datasetId, dataset.id), eq(datasetImages.sha256, sha256)))
    .limit(1);
  if (!image) throw notFound('Image');

  const etag = `"${sha256}"`;
  // Content-addressed: the bytes behind a URL never change, so caches may keep them for good;
  // private because every request is authorized.
  res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
    res.status(304).end();
    return;
  }

  // The first bytes name the format; stored images were sniffed on upload, but the type is not stored.
  const size = (await ctx.files.stat(sha256))?.bytes ?? 0;
  const head = size ? await buffer(await ctx.files.read(sha256, { start: 0, end: Math.min(size, 16) - 1 })) : new Uint8Array();
  const format = sniffImageFormat(head);
  await sendStoredFile(req, res, ctx, sha256, format ? CONTENT_TYPE[format] : 'application/octet-stream', () => notFound('Image'));
}
