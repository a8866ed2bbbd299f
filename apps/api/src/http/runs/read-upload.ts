import type { Request } from 'express';
import busboy from 'busboy';
import { AppError, badInput } from '../../errors';

export interface UploadedFile {
  /** The multipart field name. */
  field: string;
  fileName: string;
  bytes: Buffer;
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/** Reads every file of a multipart/form-data body into memory, refusing any file over `maxFileBytes`. */
export function readMultipartFiles(req: Request, { maxFileBytes, maxFiles }: { maxFileBytes: number; maxFiles: number }): Promise<UploadedFile[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxFileBytes, files: maxFiles } });
    } catch {
      reject(badInput('Send the files as multipart/form-data.'));
      return;
    }
    const files: Promise<UploadedFile>[] = [];
    let failure: AppError | null = null;
    const fail = (error: AppError) => {
      failure ??= error;
    };
    parser.on('file', (field, stream, info) => {
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

/** Reads a raw request body into memory, refusing one over `maxBytes`. */
export async function readRawBody(req: Request, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${mib(maxBytes)}.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
