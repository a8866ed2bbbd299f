import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { AppError } from '../../errors';
import { megabytes } from '../../datasets/limits';
import { refuseDeclaredLength } from '../body-size';

export interface ReceivedZip {
  path: string;
  remove(): Promise<void>;
}

const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The zip is larger than ${megabytes(maxBytes)} MB: split the dataset into several zips (for example one per class) and import each.`);

/**
 * Saves the request body to a temporary file, refusing more than `maxBytes`. A zip's directory is
 * at its end, so it cannot be read as it streams in; a file (not memory) holds it meanwhile.
 */
export async function receiveZipBody(req: Request, res: Response, maxBytes: number): Promise<ReceivedZip> {
  refuseDeclaredLength(req, res, maxBytes, () => tooLarge(maxBytes));
  const dir = await mkdtemp(join(tmpdir(), 'transferlab-import-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'upload.zip');
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(received > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(path));
  } catch (error) {
    await remove();
    if (error instanceof AppError) {
      res.setHeader('Connection', 'close');
      throw error;
    }
    throw new AppError('BAD_USER_INPUT', 'The upload was interrupted before the zip was complete.');
  }
  return { path, remove };
}
