import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';

/** Bytes `start` to `end`, both included (as HTTP's Range counts them). */
export interface ByteRange {
  start: number;
  end: number;
}

/** One stored object as `entries()` lists it for `gc`; `temporary` marks an unfinished write. */
export interface FileStoreEntry {
  name: string;
  key: string;
  bytes: number;
  modifiedMs: number;
  temporary: boolean;
}

export interface PutOptions {
  /** The sha256 the caller expects: bytes hashing to anything else are refused and nothing is stored. */
  sha256?: string;
}

/**
 * Files (images, checkpoints, model files, weights) stored once under their sha256. Two kinds:
 * a local folder (the embedded default) and an S3-compatible bucket, so API replicas on different
 * hosts share files without a shared filesystem. Every write is all-or-nothing: a stream that fails
 * half-way, or bytes that do not hash to what the caller expected, leave nothing under the hash.
 */
export interface FileStore {
  /** Where the files live, for messages and logs: a folder, or `s3://bucket/prefix`. */
  readonly location: string;
  /** Stores the bytes (once) and returns their sha256; a stream is hashed as it is written, never buffered whole. */
  put(body: Uint8Array | Readable, options?: PutOptions): Promise<string>;
  /** The stored bytes, or only `range` of them. Rejects with `StoredFileMissing` when the file is not stored. */
  read(sha256: string, range?: ByteRange): Promise<Readable>;
  /** The size of a stored file, or null when it is not stored. */
  stat(sha256: string): Promise<{ bytes: number } | null>;
  has(sha256: string): Promise<boolean>;
  /** Writes a stored file to a local path (predict's model cache); a local store links where it can. */
  copyTo(sha256: string, target: string): Promise<void>;
  /** Deletes a stored file; a file already gone is no error. */
  remove(sha256: string): Promise<void>;
  /** Every stored object, finished or not (`gc`). */
  entries(): AsyncGenerator<FileStoreEntry>;
  /** Deletes an object `entries()` listed. */
  removeEntry(entry: FileStoreEntry): Promise<void>;
  /** Deletes unfinished writes older than `olderThanMs` (another process may be writing a younger one). */
  removeLeftovers(olderThanMs: number): Promise<number>;
}

export class StoredFileMissing extends Error {
  constructor(
    readonly sha256: string,
    location: string,
  ) {
    super(`The file ${sha256} is missing from the file store ${location}.`);
    this.name = 'StoredFileMissing';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The store's key of a file: `ab/abcdef…`, sharded by the first two hex digits as the folder always was. */
export function shardedName(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`Not a sha256: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256}`;
}

/** A small stored file (metadata.json) whole. */
export async function readStoredBytes(store: FileStore, sha256: string): Promise<Buffer> {
  return buffer(await store.read(sha256));
}
