import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '../errors';
import { StoredFileMissing, shardedName, type ByteRange, type FileStore, type FileStoreEntry, type PutOptions } from './file-store';
import { checkExpectedHash, HashingStream, sha256Of } from './hashing-stream';

export interface S3Settings {
  bucket: string;
  /** For MinIO and other S3-compatible stores; AWS's own endpoint otherwise. */
  endpoint?: string;
  region: string;
  /** Keys start with it, so one bucket can hold several servers' files. */
  prefix: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key` (MinIO, s3rver). */
  forcePathStyle: boolean;
  /** Only tests pass these; a server takes the SDK's usual chain (env, profile, instance role). */
  credentials?: S3ClientConfig['credentials'];
}

// Writes of unknown hash go here first and are copied to their content key once hashed.
const TEMP_FOLDER = 'tmp/';
const CONTENT_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

/**
 * Files in an S3-compatible bucket under `<prefix>ab/abcdef…`. A stream is uploaded (multipart,
 * so never buffered whole) under a temporary key while it is hashed, then copied to its content
 * key: a failed or refused upload leaves no object under any hash, and `gc` clears temporary keys
 * a crash left behind.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // Checksums only where S3 requires them: several S3-compatible servers refuse the SDK's
      // default aws-chunked checksum trailers; content hashes are checked here anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  get location(): string {
    return `s3://${this.settings.bucket}/${this.settings.prefix}`;
  }

  async put(body: Uint8Array | Readable, options: PutOptions = {}): Promise<string> {
    if (body instanceof Uint8Array) {
      const sha256 = sha256Of(body);
      checkExpectedHash(sha256, options.sha256);
      // One PUT is all-or-nothing on S3, so known bytes go straight to their key.
      if (!(await this.has(sha256))) await this.call(() => this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256), Body: body })));
      return sha256;
    }
    const temp = `${this.settings.prefix}${TEMP_FOLDER}${Date.now()}-${randomBytes(6).toString('hex')}`;
    const hashing = new HashingStream();
    // pipeline() carries a failing source's error into `hashing`, which makes the Upload abort;
    // that error, not the store's, is the one to report.
    let sourceError: unknown;
    const piped = pipeline(body, hashing).catch((error: unknown) => {
      sourceError = error;
    });
    try {
      try {
        await this.call(() => new Upload({ client: this.client, params: { Bucket: this.settings.bucket, Key: temp, Body: hashing } }).done());
      } catch (error) {
        body.destroy();
        throw sourceError ?? error;
      }
      await piped;
      if (sourceError) throw sourceError;
      const sha256 = hashing.digest();
      checkExpectedHash(sha256, options.sha256);
      if (!(await this.has(sha256))) {
        await this.call(() =>
          this.client.send(new CopyObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256), CopySource: encodeURI(`${this.settings.bucket}/${temp}`) })),
        );
      }
      return sha256;
    } finally {
      await this.deleteKey(temp).catch(() => undefined);
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    const response = await this.call(
      () => this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256), Range: range && `bytes=${range.start}-${range.end}` })),
      sha256,
    );
    if (!(response.Body instanceof Readable)) throw new Error(`The file store ${this.location} answered ${sha256} without a readable body.`);
    return response.Body;
  }

  async stat(sha256: string): Promise<{ bytes: number } | null> {
    try {
      const head = await this.call(() => this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256) })), sha256);
      return { bytes: head.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof StoredFileMissing) return null;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async copyTo(sha256: string, target: string): Promise<void> {
    await pipeline(await this.read(sha256), createWriteStream(target));
  }

  async remove(sha256: string): Promise<void> {
    await this.deleteKey(this.keyOf(sha256));
  }

  entries(): AsyncGenerator<FileStoreEntry> {
    return this.list(this.settings.prefix);
  }

  /** Objects under `prefix` that are this store's: content keys and temporary ones. */
  private async *list(prefix: string): AsyncGenerator<FileStoreEntry> {
    let token: string | undefined;
    do {
      const page = await this.call(() => this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token })));
      for (const object of page.Contents ?? []) {
        const relative = object.Key!.slice(this.settings.prefix.length);
        const temporary = relative.startsWith(TEMP_FOLDER);
        // Anything else under the prefix is not this store's to list or delete.
        if (!temporary && !CONTENT_KEY.test(relative)) continue;
        yield { name: relative.slice(relative.indexOf('/') + 1), key: object.Key!, bytes: object.Size ?? 0, modifiedMs: object.LastModified?.getTime() ?? 0, temporary };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async removeEntry(entry: FileStoreEntry): Promise<void> {
    if (!entry.key.startsWith(this.settings.prefix)) throw new Error(`${entry.key} is not in the file store ${this.location}.`);
    await this.deleteKey(entry.key);
  }

  async removeLeftovers(olderThanMs: number): Promise<number> {
    let removed = 0;
    // Only the temporary keys: listing every file at each start-up would cost one request per 1000 files.
    for await (const entry of this.list(`${this.settings.prefix}${TEMP_FOLDER}`)) {
      if (entry.temporary && Date.now() - entry.modifiedMs > olderThanMs) {
        await this.removeEntry(entry);
        removed++;
      }
    }
    return removed;
  }

  private keyOf(sha256: string): string {
    return `${this.settings.prefix}${shardedName(sha256)}`;
  }

  private async deleteKey(key: string): Promise<void> {
    await this.call(() => this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key })));
  }

  /**
   * One SDK call, its failures said in the API's terms: a missing key is StoredFileMissing, and a
   * store that cannot be reached (or answers 5xx) is a 503 naming the store, not a crash.
   */
  private async call<T>(send: () => Promise<T>, sha256?: string): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof AppError) throw error;
      const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
      const status = metadata?.httpStatusCode;
      if (sha256 && status === 404) throw new StoredFileMissing(sha256, this.location);
      // The SDK marks what it sent with $metadata: no HTTP status there means no answer (refused,
      // reset, timed out) after its retries. Anything else without it is a bug here, left a 500.
      if (metadata && (status === undefined || status >= 500)) {
        const reason = error instanceof Error ? error.message || error.name : String(error);
        throw new AppError('SERVICE_UNAVAILABLE', `The file store ${this.location} cannot be reached (${reason}); try again shortly.`, { reason: 'FILE_STORE_UNAVAILABLE' });
      }
      throw error;
    }
  }
}
