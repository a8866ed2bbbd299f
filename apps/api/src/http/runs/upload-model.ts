import type { Request, Response } from 'express';
import type { ApiContext } from '../../context';
import { badInput } from '../../errors';
import { requireLeasedRun, updateLeasedRun } from '../../runs/lease';
import { checkModelJson, parseModelMetadata } from '../../runs/model-metadata';
import { parsePredictions } from '../../runs/model-predictions';
import { EMPTY_SHA256 } from '../../files/hashing-stream';
import { readMultipartFiles, type StoredUpload, type UploadedFile } from './read-upload';
import { requestLease } from './request-lease';

// Weights of a whole fine-tuned VGG16 are about 60 MB; this leaves room for bigger inputs and heads.
export const MAX_MODEL_FILE_BYTES = 512 * 1024 * 1024;
const MODEL_FILES = ['model.json', 'weights.bin', 'metadata.json'] as const;
// Trainers before per-image predictions do not send it; their models have an empty gallery.
const OPTIONAL_FILES = ['predictions.json'] as const;
const ACCEPTED_FILES = [...MODEL_FILES, ...OPTIONAL_FILES];
type ModelFileName = (typeof ACCEPTED_FILES)[number];

/**
 * POST /api/runs/:id/model (worker token, the claim's X-Lease-Id): multipart with model.json, weights.bin and
 * metadata.json (and predictions.json, optional), each named by its field or its file name. Validated, stored by content, and
 * remembered on the run until finishRun makes them a model version. Uploading again replaces them.
 */
export async function uploadModel(req: Request, res: Response, ctx: ApiContext): Promise<void> {
  const lease = requestLease(req, ctx);
  const runId = String(req.params.id);
  // Refuse before reading a possibly large body.
  await requireLeasedRun(ctx.db, runId, lease);

  const nameOf = (field: string, fileName: string) => [field, fileName].find((candidate): candidate is ModelFileName => (ACCEPTED_FILES as readonly string[]).includes(candidate));
  // The weights (up to MAX_MODEL_FILE_BYTES) go into the store as they arrive; the two small JSON files are checked first in memory.
  const toStore = { files: ctx.files, picks: (field: string, fileName: string) => nameOf(field, fileName) === 'weights.bin' };
  const uploaded = await readMultipartFiles(req, { maxFileBytes: MAX_MODEL_FILE_BYTES, maxFiles: ACCEPTED_FILES.length, toStore });
  const byName = new Map<ModelFileName, (typeof uploaded)[number]>();
  for (const file of uploaded) {
    const name = nameOf(file.field, file.fileName);
    if (!name) throw badInput(`Unexpected file "${file.fileName || file.field}": send ${MODEL_FILES.join(', ')} and optionally ${OPTIONAL_FILES.join(', ')}.`);
    if (byName.has(name)) throw badInput(`${name} was sent twice.`);
    byName.set(name, file);
  }
  const missing = MODEL_FILES.filter((name) => !byName.has(name));
  if (missing.length) throw badInput(`Missing ${missing.join(', ')}: send all of ${MODEL_FILES.join(', ')}.`);
  const modelJson = bytesOf(byName.get('model.json')!);
  const metadata = bytesOf(byName.get('metadata.json')!);
  checkModelJson(modelJson);
  const summary = parseModelMetadata(metadata);
  const predictions = byName.get('predictions.json');
  const predictionsBytes = predictions ? bytesOf(predictions) : null;
  if (predictionsBytes) parsePredictions(predictionsBytes, summary);
  const weights = byName.get('weights.bin')!;
  const weightsSha256 = 'sha256' in weights ? weights.sha256 : await ctx.files.put(weights.bytes);
  if (weightsSha256 === EMPTY_SHA256) throw badInput('weights.bin is empty.');

  const files = {
    'model.json': await ctx.files.put(modelJson),
    'weights.bin': weightsSha256,
    'metadata.json': await ctx.files.put(metadata),
    ...(predictionsBytes ? { 'predictions.json': await ctx.files.put(predictionsBytes) } : {}),
  };
  await updateLeasedRun(ctx.db, runId, lease, { modelFiles: files });
  res.status(201).json({ files });
}

function bytesOf(file: UploadedFile | StoredUpload): Buffer {
  if ('bytes' in file) return file.bytes;
  throw new Error(`${file.fileName} was streamed to the store; only weights.bin is.`);
}
