import type { Request } from 'express';
import { Transform, type Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError, badInput } from '../../errors';
import type { FileStore } from '../../files/file-store';

export interface UploadedFile {
  /** The multipart field name. */
  field: string;
  fileName: string;
  bytes: Buffer;
}

/** A file written to the store as it arrived: only its sha256 is kept. */
export interface StoredUpload {
  field: string;
  fileName: string;
  sha256: string;
}

/** Files that go straight into the store instead of memory (a model's weights: hundreds of MB). */
export interface StreamToStore {
  files: FileStore;
  picks(field: string, fileName: string): boolean;
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/**
 * Reads every file of a multipart/form-data body, refusing any file over `maxFileBytes`: into
 * memory, or, for the files `toStore` picks, straight into the file store.
 */
export function readMultipartFiles(
  req: Request,
  { maxFileBytes, maxFiles, toStore }: { maxFileBytes: number; maxFiles: number; toStore?: StreamToStore },
): Promise<(UploadedFile | StoredUpload)[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxFileBytes, files: maxFiles } });
    } catch {
      reject(badInput('Send the files as multipart/form-data.'));
      return;
    }
    const files: Promise<UploadedFile | StoredUpload>[] = [];
    let failure: AppError | null = null;
    const fail = (error: AppError) => {
      failure ??= error;
    };
    parser.on('file', (field, stream, info) => {
      const fileName = info.filename ?? field;
      if (toStore?.picks(field, fileName)) {
        stream.on('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `${info.filename || field} is larger than ${mib(maxFileBytes)}.`)));
        // A store that fails mid-file stops reading it, and busboy would wait for it for ever:
        // answer now (a 503 naming the store) instead of when the body ends.
        const stored = toStore.files.put(stream).then((sha256) => ({ field, fileName, sha256 }));
        stored.catch((error: unknown) => {
          req.unpipe(parser);
          req.resume();
          reject(error instanceof AppError ? error : badInput('The upload was cut off.'));
        });
        files.push(stored);
        return;
      }
      const chunks: Buffer[] = [];
      files.push(
        new Promise((done, broken) => {
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `${info.filename || field} is larger than ${mib(maxFileBytes)}.`)));
          stream.on('error', broken);
          stream.on('end', () => done({ field, fileName: info.filename ?? field, bytes: Buffer.concat(chunks) }));
        }),
      );
    });
    parser.on('filesLimit', () => fail(badInput(`Send at most ${maxFiles} files.`)));
    parser.on('error', () => fail(badInput('The multipart body is malformed or was cut off.')));
    parser.on('close', () => {
      Promise.all(files).then((read) => (failure ? reject(failure) : resolve(read)), () => reject(badInput('The upload was cut off.')));
    });
    req.on('aborted', () => fail(badInput('The upload was cut off.')));
    req.pipe(parser);
  });
}

/**
 * A raw request body as a stream that fails once it passes `maxBytes`, for the file store to write
 * as it arrives: a checkpoint of hundreds of MB never sits in memory whole.
 */
export function limitedBody(req: Request, maxBytes: number): Readable {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > maxBytes ? new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${mib(maxBytes)}.`) : null, chunk);
    },
  });
  req.on('aborted', () => limit.destroy(badInput('The upload was cut off.')));
  return req.pipe(limit);
}
