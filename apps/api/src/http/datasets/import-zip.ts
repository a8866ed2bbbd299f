import type { Request, Response } from 'express';
import type { ImageSplit } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { addDatasetImage } from '../../datasets/add-dataset-image';
import { ImportTally } from '../../datasets/import-tally';
import { MAX_ZIP_ENTRIES, megabytes, tooLargeReason } from '../../datasets/limits';
import { requireDataset } from '../../datasets/require-dataset';
import { ZipArchive } from '../../datasets/zip-archive';
import { zipEntryPath } from '../../datasets/zip-entry-path';
import { planZipLayout } from '../../datasets/zip-layout';
import { badInput } from '../../errors';
import { receiveZipBody } from './receive-zip-body';
import { routeParam } from './route-param';

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed'];
const ESCAPES = 'path escapes the dataset folder';
/** Bytes all entries may expand to, per byte of `maxUploadBytes`: bounds the work of a zip bomb. */
const EXPANSION_FACTOR = 100;

/**
 * POST /api/datasets/:id/import — a zip (`Content-Type: application/zip`) in the Keras folder
 * layout; `?split=val` sends a `<class>/…` zip to the val split. Answers like an upload:
 * `{ accepted, rejected: [{ file, reason }] }`, one entry per refused file.
 */
export async function importZip(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const dataset = await requireDataset(ctx, routeParam(req, 'id'), 'MEMBER');
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ZIP_TYPES.includes(contentType)) {
    throw badInput('Send the zip file itself as the request body with `Content-Type: application/zip`.');
  }
  const defaultSplit = splitParam(req.query.split);
  const body = await receiveZipBody(req, res, ctx.maxUploadRequestBytes);
  try {
    let zip: ZipArchive;
    try {
      zip = await ZipArchive.open(body.path);
    } catch {
      throw badInput('The body is not a readable zip file: zip the dataset folder again and resend it.');
    }
    try {
      res.json(await importEntries(ctx, zip, dataset.id, defaultSplit));
    } finally {
      zip.close();
    }
  } finally {
    await body.remove();
  }
}

async function importEntries(ctx: ApiContext, zip: ZipArchive, datasetId: string, defaultSplit: ImageSplit) {
  if (zip.entryCount > MAX_ZIP_ENTRIES) {
    throw badInput(`The zip has ${zip.entryCount} entries; import at most ${MAX_ZIP_ENTRIES} at a time (split it, for example one zip per class).`);
  }
  let entries;
  try {
    entries = await zip.entries();
  } catch (error) {
    throw badInput(`The zip's directory cannot be read (${error instanceof Error ? error.message : String(error)}): zip the dataset folder again.`);
  }

  const tally = new ImportTally();
  const files = entries.flatMap(({ name, entry }) => {
    const path = zipEntryPath(name, entry.externalFileAttributes);
    if (path.kind === 'escape') tally.reject(name, ESCAPES);
    return path.kind === 'file' ? [{ name, entry, segments: path.segments }] : [];
  });
  const expanded = files.reduce((sum, file) => sum + file.entry.uncompressedSize, 0);
  if (expanded > EXPANSION_FACTOR * ctx.maxUploadBytes) {
    throw badInput(`The zip's files add up to ${megabytes(expanded)} MB uncompressed; import at most ${megabytes(EXPANSION_FACTOR * ctx.maxUploadBytes)} MB at a time.`);
  }

  const place = planZipLayout(
    files.map((file) => file.segments),
    defaultSplit,
  );
  for (const { name, entry, segments } of files) {
    const placement = place(segments);
    if ('reason' in placement) {
      tally.reject(name, placement.reason);
      continue;
    }
    if (entry.isEncrypted()) {
      tally.reject(name, 'encrypted zip entries are not supported: zip the images without a password');
      continue;
    }
    if (entry.uncompressedSize > ctx.maxUploadBytes) {
      tally.reject(name, tooLargeReason(ctx.maxUploadBytes));
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await zip.read(entry);
    } catch (error) {
      tally.reject(name, `cannot be read from the zip (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const outcome = await addDatasetImage(ctx, { datasetId, ...placement, bytes });
    if (outcome.added) tally.accept();
    else tally.reject(name, outcome.reason);
  }
  return tally.result();
}

function splitParam(value: unknown): ImageSplit {
  if (value === undefined) return 'train';
  if (value === 'train' || value === 'val') return value;
  throw badInput('Invalid `split` query parameter: use "train" or "val" (it applies to zips without train/ and val/ folders).');
}
