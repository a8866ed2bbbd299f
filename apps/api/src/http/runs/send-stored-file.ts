import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import { requestedRange } from '../byte-range';

/**
 * Streams a file from the content-addressed store, or the one byte range the request asks for
 * (a large model file or checkpoint resumed after a dropped connection). Its name is its hash, so
 * it never changes: clients may cache it for good. `missing` is the error when the store lacks it.
 */
export async function sendStoredFile(req: Request, res: Response, ctx: ApiContext, sha256: string, contentType: string, missing: () => Error = () => notFound('File')): Promise<void> {
  const stored = await ctx.files.stat(sha256);
  if (!stored) throw missing();
  res.setHeader('Content-Type', contentType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Accept-Ranges', 'bytes');
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
  res.setHeader('ETag', `"${sha256}"`);
  const range = requestedRange(req.headers.range, stored.bytes);
  if (range === 'unsatisfiable') {
    res.status(416).setHeader('Content-Range', `bytes */${stored.bytes}`).end();
    return;
  }
  const body = await ctx.files.read(sha256, range);
  if (range) {
    res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${stored.bytes}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.setHeader('Content-Length', String(stored.bytes));
  }
  // A client that hangs up mid-way ends the pipeline with an error: nothing to answer it with.
  await pipeline(body, res).catch((error: unknown) => {
    if (!res.destroyed) throw error;
  });
}
