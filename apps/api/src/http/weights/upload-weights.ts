import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { backboneWeights } from '@transferlab/db/schema';
import { requireTeamRole, requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { isUuid } from '../../ids';
import { isUniqueViolation } from '../../resolvers/users/unique-violation';
import { checkUploadedWeights } from '../../weights/check-uploaded-weights';
import { locateUploadedWeights } from '../../weights/locate-uploaded-weights';
import { storeImagenetCopy } from '../../weights/store-imagenet-copy';
import { parseWeightsFields } from '../../weights/weights-fields';
import { refuseDeclaredLength } from '../body-size';
import { isMultipart } from '../datasets/read-image-upload';
import { routeParam } from '../datasets/route-param';
import { readWeightsUpload, weightsTooLarge } from './read-weights-upload';

/**
 * POST /api/teams/:teamId/weights (ADMIN or OWNER): multipart `name`, `backbone`, `alpha`,
 * optionally `imagenet=true`, then the file(s). Checked by loading them into the backbone, stored
 * once by content in the file store, and answered 201 with the BackboneWeights (or, marked imagenet,
 * the server's ImagenetWeights).
 */
export async function uploadWeights(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const user = requireUser(ctx);
  const teamId = routeParam(req, 'teamId');
  if (!isUuid(teamId)) throw notFound('Team');
  await requireTeamRole(ctx, teamId, 'ADMIN');
  if (!isMultipart(req)) throw badInput('Send the weights as multipart/form-data: fields `name`, `backbone` (and `alpha`), then the file(s).');
  refuseDeclaredLength(req, res, ctx.maxWeightsBytes, () => weightsTooLarge(ctx.maxWeightsBytes));

  const dir = await mkdtemp(join(tmpdir(), 'transferlab-weights-'));
  try {
    const upload = await readWeightsUpload(req, dir, ctx.maxWeightsBytes).catch((error: unknown) => {
      // The rest of an oversized body is not worth receiving.
      if (error instanceof AppError && error.code === 'PAYLOAD_TOO_LARGE') res.setHeader('Connection', 'close');
      throw error;
    });
    const fields = parseWeightsFields(upload.fields);
    const file = await locateUploadedWeights(dir, upload.fileNames, ctx.maxWeightsBytes);
    if (fields.imagenet) {
      if (file.format !== 'KERAS_H5') throw badInput("Keras's ImageNet weights are .h5 files; send the file as Keras publishes it.");
      const copy = await storeImagenetCopy({ db: ctx.db, files: ctx.files, path: file.path, fileName: upload.fileNames[0] ?? '', backbone: fields.backbone, alpha: fields.alpha, requireMd5: true, createdBy: user.id });
      ctx.logger.info({ fileName: copy.fileName, sha256: copy.sha256, by: user.id }, 'ImageNet weights stored for every trainer');
      res.status(201).json(copy);
      return;
    }
    const checked = await checkUploadedWeights(dir, file, fields.backbone, fields.alpha);
    const bytes = await readFile(checked.h5Path);
    const sha256 = await ctx.files.put(bytes);
    const [row] = await ctx.db
      .insert(backboneWeights)
      .values({ teamId, name: fields.name, backbone: fields.backbone, alpha: fields.alpha, format: file.format, sha256, sizeBytes: bytes.length, createdBy: user.id })
      .returning()
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new AppError('CONFLICT', `The team already has weights named "${fields.name}": pick another name, or delete those first.`);
        throw error;
      });
    res.status(201).json(row);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
