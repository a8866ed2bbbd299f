import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { displayFileName } from '../../datasets/file-name';
import { megabytes } from '../../datasets/limits';
import { AppError, badInput } from '../../errors';
import { MAX_WEIGHTS_FIELD_BYTES, MAX_WEIGHTS_FIELDS, MAX_WEIGHTS_FILES } from '../../weights/limits';

export interface WeightsUpload {
  fields: Map<string, string>;
  /** The files, saved under `dir` by their (sanitised, unique) names. */
  fileNames: string[];
}

export const weightsTooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The weights upload is larger than ${megabytes(maxBytes)} MB, this server's limit (TRANSFERLAB_MAX_WEIGHTS_MB). Upload the backbone's weights without a classifier head ("notop"), or ask the operator to raise the limit.`);

/**
 * Reads a multipart weights upload: its text fields, and its files streamed into `dir` (never held
 * in memory), refusing more than `maxBytes` of files in all, more than MAX_WEIGHTS_FILES files, or
 * two files with one name.
 */
export function readWeightsUpload(req: Request, dir: string, maxBytes: number): Promise<WeightsUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: MAX_WEIGHTS_FILES, fields: MAX_WEIGHTS_FIELDS, fieldSize: MAX_WEIGHTS_FIELD_BYTES, fileSize: maxBytes } });
    } catch {
      reject(badInput('Send the weights as multipart/form-data: fields `name`, `backbone` (and `alpha`), then the file(s).'));
      return;
    }
    const upload: WeightsUpload = { fields: new Map(), fileNames: [] };
    const writes: Promise<void>[] = [];
    let received = 0;
    let failure: AppError | null = null;
    const fail = (error: AppError) => {
      failure ??= error;
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(badInput(`The field "${name.slice(0, 40)}" is longer than ${MAX_WEIGHTS_FIELD_BYTES} bytes.`));
      else upload.fields.set(name, value);
    });
    parser.on('file', (_field, stream, info) => {
      const name = displayFileName(info.filename);
      if (upload.fileNames.includes(name)) {
        fail(badInput(`Two files are named "${name}"; send each file once.`));
        stream.resume();
        return;
      }
      upload.fileNames.push(name);
      const count = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          received += chunk.length;
          callback(received > maxBytes ? weightsTooLarge(maxBytes) : null, chunk);
        },
      });
      writes.push(
        pipeline(stream, count, createWriteStream(join(dir, name))).catch((error: unknown) => {
          fail(error instanceof AppError ? error : badInput('The upload was cut off.'));
          stream.resume();
        }),
      );
    });
    parser.on('filesLimit', () => fail(badInput(`Send at most ${MAX_WEIGHTS_FILES} files: one .h5 file, or a TensorFlow.js model.json with its weight files (or one .zip of them).`)));
    parser.on('fieldsLimit', () => fail(badInput(`Send at most ${MAX_WEIGHTS_FIELDS} fields.`)));
    parser.on('error', () => fail(badInput('The multipart body is malformed or was cut off.')));
    parser.on('close', () => {
      void Promise.all(writes).then(() => (failure ? reject(failure) : resolve(upload)));
    });
    req.on('aborted', () => fail(badInput('The upload was cut off.')));
    req.pipe(parser);
  });
}
