import type { Response } from 'express';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';

/** Streams a file from the content-addressed store; its name is its hash, so it never changes. */
export async function sendStoredFile(res: Response, ctx: ApiContext, sha256: string, contentType: string): Promise<void> {
  if (!(await ctx.files.has(sha256))) throw notFound('File');
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
  res.setHeader('ETag', `"${sha256}"`);
  await new Promise<void>((resolve, reject) => {
    const stream = ctx.files.read(sha256);
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
