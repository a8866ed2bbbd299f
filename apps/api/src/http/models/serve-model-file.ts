import type { Request, Response } from 'express';
import type { ApiContext } from '../../context';
import { notFound } from '../../errors';
import { contentTypeOf, modelFiles } from '../../predict/model-files';
import { findModel } from '../../resolvers/models/find-model';
import { sendStoredFile } from '../runs/send-stored-file';

/**
 * Streams one file of a model the viewer can see (VIEWER or higher in its team), as stored: the
 * model.json manifest names `weights.bin`, so `tf.loadLayersModel` pointed at this route's
 * model.json URL fetches the weights from the sibling URL with the same headers.
 */
export async function serveModelFile(ctx: ApiContext, req: Request, res: Response, { modelId, fileName, ifNoneMatch }: { modelId: string; fileName: string; ifNoneMatch: string | undefined }): Promise<void> {
  const model = await findModel(ctx, { id: modelId });
  const source = modelFiles(model).get(fileName);
  if (!source) throw notFound(`Model file '${fileName}' (a model has model.json, weights.bin and metadata.json)`);

  res.setHeader('Content-Type', contentTypeOf(fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Revalidated every time (access may be revoked), but an unchanged file costs a 304, not the weights.
  res.setHeader('Cache-Control', 'private, no-cache');
  if ('json' in source) {
    res.send(JSON.stringify(source.json));
    return;
  }
  const etag = `"${source.sha256}"`;
  res.setHeader('ETag', etag);
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    res.status(304).end();
    return;
  }
  // Ranges let a client fetch a large weights.bin in pieces or resume it.
  await sendStoredFile(req, res, ctx, source.sha256, contentTypeOf(fileName), () => {
    // The row names it, so the store lost it: the server's fault (a masked 500), not the caller's.
    return new Error(`Model ${model.id}: ${fileName} (sha256 ${source.sha256}) is missing from the file store ${ctx.files.location}.`);
  });
}
