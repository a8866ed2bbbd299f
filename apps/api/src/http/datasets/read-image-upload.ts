import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import type { ImageSplit } from '@transferlab/db/schema';
import { validClassName } from '../../datasets/class-name';
import { displayFileName } from '../../datasets/file-name';
import { badInput } from '../../errors';

/** Where the files of one upload go, from the fields sent before them. */
export interface UploadTarget {
  className: string;
  split: ImageSplit;
}

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  /** Past the per-file limit: `bytes` is empty and the rest of the file was discarded unread. */
  tooLarge: boolean;
}

export interface ReadImageUploadOptions {
  maxFileBytes: number;
  maxFiles: number;
  /** The whole body: past it the request fails with `requestTooLarge()`, keeping the files stored before. */
  maxTotalBytes: number;
  requestTooLarge(): Error;
  /** Called for each file in order; the next file is not read until it returns (backpressure). */
  onFile(target: UploadTarget, file: UploadedFile): Promise<void>;
  /** A file past `maxFiles`: discarded unread. */
  onExtraFile(fileName: string): void;
}

// Names beyond this many extra files are not worth listing; the parser stops reporting them.
const EXTRA_FILES_LISTED = 500;

export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '');
}

/**
 * Streams a multipart upload: `class` and `split` fields, then files. Files are read one at a
 * time, so memory stays at about one file whatever the request size. The fields must come first
 * because each file is stored as it arrives, before the rest of the body exists.
 * Resolves with the number of files seen; rejects with an AppError for a request that cannot be
 * read as an upload (files already handled stay handled).
 */
export function readImageUpload(req: Request, { maxFileBytes, maxFiles, maxTotalBytes, requestTooLarge, onFile, onExtraFile }: ReadImageUploadOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send UTF-8 file names without saying so; busboy's default latin1 would garble them.
        defParamCharset: 'utf8',
        limits: { fileSize: maxFileBytes, files: maxFiles + EXTRA_FILES_LISTED, fields: 20, fieldSize: 1024 },
      });
    } catch (error) {
      reject(badInput(`The multipart body cannot be read (${error instanceof Error ? error.message : String(error)}): send multipart/form-data with a boundary.`));
      return;
    }

    const fields: { class?: string; split?: string } = {};
    let target: UploadTarget | undefined;
    let files = 0;
    let queue = Promise.resolve();
    let failed = false;

    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      // Stop parsing (which ends a file stream being read with an error) and let the rest of the
      // body drain, so the answer reaches the client.
      req.unpipe(parser);
      parser.destroy();
      req.resume();
      // Answer once files already read are stored, so the error's "files before it were stored" holds.
      void queue.finally(() => reject(error));
    };

    parser.on('field', (name, value, info) => {
      if (name !== 'class' && name !== 'split') return;
      if (target) {
        fail(badInput(`The \`${name}\` field came after a file: send \`class\` and \`split\` before the files. Files before it were stored; sending the request again in the right order stores nothing twice.`));
        return;
      }
      if (info.valueTruncated) {
        fail(badInput(`The \`${name}\` field is too long.`));
        return;
      }
      fields[name] = value;
    });

    parser.on('file', (_name, stream, info) => {
      const fileName = displayFileName(info.filename);
      // Failing the request destroys the parser, which errors the file stream in flight; whoever
      // reads it sees that through the iterator, so the event itself needs no listener.
      stream.on('error', () => {});
      if (failed) {
        stream.resume();
        return;
      }
      if (!target) {
        try {
          target = uploadTarget(fields);
        } catch (error) {
          stream.resume();
          fail(error);
          return;
        }
      }
      files += 1;
      if (files > maxFiles) {
        stream.resume();
        // Queued, so that rejections are listed in request order.
        queue = queue.then(() => onExtraFile(fileName));
        return;
      }
      // Listen now: busboy may hit the limit while the file waits for its turn in the queue.
      let tooLarge = false;
      stream.once('limit', () => (tooLarge = true));
      const fileTarget = target;
      queue = queue
        .then(async () => {
          // Even after a failure: a file that arrived whole before it is stored, as the error says.
          // A file cut off by the failure errors here instead.
          const bytes = await readAll(stream, () => tooLarge);
          await onFile(fileTarget, { fileName, bytes, tooLarge });
        })
        .catch(fail);
    });

    parser.on('filesLimit', () => {
      queue = queue.then(() => onExtraFile(`… more than ${maxFiles + EXTRA_FILES_LISTED} files`));
    });
    parser.on('error', (error) => fail(badInput(`The multipart body is malformed (${error instanceof Error ? error.message : String(error)}).`)));
    parser.on('close', () => {
      void queue.then(() => {
        if (failed) return;
        if (files === 0) {
          reject(badInput('The request has no files: send one or more `files` parts after the `class` field.'));
          return;
        }
        resolve(files);
      });
    });
    req.on('close', () => {
      if (!req.complete) fail(badInput('The upload was interrupted before the body was complete.'));
    });
    // Chunked bodies declare no length: count what arrives.
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxTotalBytes) fail(requestTooLarge());
    });
    req.pipe(parser);
  });
}

function uploadTarget(fields: { class?: string; split?: string }): UploadTarget {
  if (fields.class === undefined) {
    throw badInput('The `class` field must come before the first file: multipart fields are read in order and each file is stored as it arrives. Send `class` (and `split`) first, then the files.');
  }
  const className = validClassName(fields.class);
  const split = fields.split?.trim() || 'train';
  if (split !== 'train' && split !== 'val') throw badInput(`Invalid \`split\` field '${fields.split}': use "train" or "val".`);
  return { className, split };
}

async function readAll(stream: Readable, overLimit: () => boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    // Past the limit busboy discards the rest; drop what came before too.
    if (overLimit()) chunks.length = 0;
    else chunks.push(chunk as Buffer);
  }
  return overLimit() ? Buffer.alloc(0) : Buffer.concat(chunks);
}
