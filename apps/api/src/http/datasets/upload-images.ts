import type { Request, Response } from 'express';
import { addDatasetImage } from '../../datasets/add-dataset-image';
import { ImportTally } from '../../datasets/import-tally';
import { MAX_FILES_PER_UPLOAD, megabytes, tooLargeReason } from '../../datasets/limits';
import { requireDataset } from '../../datasets/require-dataset';
import type { ApiContext } from '../../context';
import { AppError, badInput } from '../../errors';
import { refuseDeclaredLength } from '../body-size';
import { isMultipart, readImageUpload } from './read-image-upload';
import { routeParam } from './route-param';

/**
 * POST /api/datasets/:id/images — multipart `class`, `split` ("train" | "val", default "train"),
 * then one or more `files`. Answers `{ accepted, rejected: [{ file, reason }] }`: one bad file is
 * a rejection, never a failed request.
 */
export async function uploadImages(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const dataset = await requireDataset(ctx, routeParam(req, 'id'), 'MEMBER');
  if (!isMultipart(req)) {
    throw badInput('Send the images as multipart/form-data: a `class` field, an optional `split` field ("train" or "val"), then one or more `files`.');
  }
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The upload is larger than ${megabytes(ctx.maxUploadRequestBytes)} MB, the limit for one request: send the files in several requests. Files received before the limit was passed were stored; sending them again stores nothing twice.`);
  refuseDeclaredLength(req, res, ctx.maxUploadRequestBytes, tooLarge);
  const tally = new ImportTally();
  const reading = readImageUpload(req, {
    maxFileBytes: ctx.maxUploadBytes,
    maxFiles: MAX_FILES_PER_UPLOAD,
    maxTotalBytes: ctx.maxUploadRequestBytes,
    requestTooLarge: tooLarge,
    onExtraFile: (fileName) => tally.reject(fileName, `too many files in one request (max ${MAX_FILES_PER_UPLOAD}): send the rest in another request`),
    onFile: async ({ className, split }, { fileName, bytes, tooLarge }) => {
      if (tooLarge) {
        tally.reject(fileName, tooLargeReason(ctx.maxUploadBytes));
        return;
      }
      const outcome = await addDatasetImage(ctx, { datasetId: dataset.id, className, split, fileName, bytes });
      if (outcome.added) tally.accept();
      else tally.reject(fileName, outcome.reason);
    },
  });
  await reading.catch((error: unknown) => {
    // The rest of an oversized body is not worth receiving: close the connection after the answer.
    if (error instanceof AppError && error.code === 'PAYLOAD_TOO_LARGE') res.setHeader('Connection', 'close');
    throw error;
  });
  res.json(tally.result());
}
