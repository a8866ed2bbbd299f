import type { Request, Response } from 'express';
import { addDatasetImage } from '../../datasets/add-dataset-image';
import { ImportTally } from '../../datasets/import-tally';
import { MAX_FILES_PER_UPLOAD, tooLargeReason } from '../../datasets/limits';
import { requireDataset } from '../../datasets/require-dataset';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
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
  const tally = new ImportTally();
  await readImageUpload(req, {
    maxFileBytes: ctx.maxUploadBytes,
    maxFiles: MAX_FILES_PER_UPLOAD,
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
  res.json(tally.result());
}
