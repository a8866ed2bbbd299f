import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors';
import { readStoredBytes, StoredFileMissing, type FileStore } from '../src/files/file-store';
import { LocalFileStore } from '../src/files/local-file-store';
import { S3FileStore } from '../src/files/s3-file-store';
import { startS3Server, type TestS3 } from './s3-server';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A stream of `bytes` in 64 KiB chunks, as an HTTP body arrives. */
function chunked(bytes: Buffer, failAfter?: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) {
        this.destroy(new Error('the client hung up half-way'));
        return;
      }
      const chunk = bytes.subarray(sent, sent + 64 * 1024);
      sent += chunk.length;
      this.push(chunk.length ? chunk : null);
    },
  });
}

async function listed(store: FileStore): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of store.entries()) names.push(entry.temporary ? `(temporary) ${entry.name}` : entry.name);
  return names.sort();
}

let s3: TestS3;
let scratch: string;
let stores = 0;
beforeAll(async () => {
  s3 = await startS3Server();
  scratch = await mkdtemp(join(tmpdir(), 'transferlab-store-'));
});
afterAll(async () => {
  await s3.close();
  await rm(scratch, { recursive: true, force: true });
});

// One suite, both implementations: each case gets an empty store (a fresh folder, or a fresh prefix in the one bucket).
const kinds: [string, () => FileStore][] = [
  ['local folder', () => new LocalFileStore(join(scratch, `store-${++stores}`))],
  ['S3 bucket (s3rver)', () => new S3FileStore(s3.settings(`case-${++stores}/`))],
];

describe.each(kinds)('file store contract: %s', (_kind, freshStore) => {
  it('stores bytes once under their sha256 and reads them back whole, as a range, and by size', async () => {
    const store = freshStore();
    const bytes = randomBytes(100_000);
    const hash = await store.put(bytes);
    expect(hash).toBe(sha256(bytes));
    expect(await store.put(bytes)).toBe(hash);
    expect(await store.has(hash)).toBe(true);
    expect(await store.stat(hash)).toEqual({ bytes: 100_000 });
    expect(await readStoredBytes(store, hash)).toEqual(bytes);
    expect(await buffer(await store.read(hash, { start: 10, end: 19 }))).toEqual(bytes.subarray(10, 20));
    expect(await buffer(await store.read(hash, { start: 99_990, end: 99_999 }))).toEqual(bytes.subarray(99_990));
    expect(await listed(store)).toEqual([hash]);
  });

  it('stores a stream larger than one multipart part, hashing it on the way, and copies it out to a local file', async () => {
    const store = freshStore();
    const bytes = randomBytes(6 * 1024 * 1024 + 123);
    const hash = await store.put(chunked(bytes));
    expect(hash).toBe(sha256(bytes));
    expect(await store.stat(hash)).toEqual({ bytes: bytes.length });
    const target = join(scratch, `copy-${hash}`);
    await store.copyTo(hash, target);
    expect(sha256(await readFile(target))).toBe(hash);
    // Nothing temporary stays behind once the file has its content name.
    expect(await listed(store)).toEqual([hash]);
  });

  it('leaves nothing behind when the stream fails half-way', async () => {
    const store = freshStore();
    const bytes = randomBytes(6 * 1024 * 1024);
    await expect(store.put(chunked(bytes, 5.5 * 1024 * 1024))).rejects.toThrow('the client hung up half-way');
    await expect(store.put(chunked(bytes.subarray(0, 200_000), 100_000))).rejects.toThrow('the client hung up half-way');
    expect(await listed(store)).toEqual([]);
    expect(await store.has(sha256(bytes))).toBe(false);
  });

  it('refuses bytes that do not hash to the sha256 the caller expects, storing nothing', async () => {
    const store = freshStore();
    const bytes = randomBytes(50_000);
    const expected = sha256(Buffer.from('something else'));
    for (const body of [bytes, chunked(bytes)]) {
      const refused = await store.put(body, { sha256: expected }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).message).toBe(`The bytes' sha256 is ${sha256(bytes)}, not the expected ${expected}: nothing was stored.`);
    }
    expect(await listed(store)).toEqual([]);
    expect(await store.put(chunked(bytes), { sha256: sha256(bytes) })).toBe(sha256(bytes));
  });

  it('deletes files (a missing one is no error) and says which file is missing on read', async () => {
    const store = freshStore();
    const kept = await store.put(Buffer.from('kept'));
    const gone = await store.put(Buffer.from('gone'));
    await store.remove(gone);
    await store.remove(gone);
    expect(await store.has(gone)).toBe(false);
    expect(await store.stat(gone)).toBeNull();
    await expect(store.read(gone)).rejects.toBeInstanceOf(StoredFileMissing);
    await expect(store.copyTo(gone, join(scratch, 'never'))).rejects.toBeInstanceOf(StoredFileMissing);
    for await (const entry of store.entries()) if (entry.name === kept) await store.removeEntry(entry);
    expect(await listed(store)).toEqual([]);
  });
});

describe('S3 store unreachable', () => {
  it('fails with a 503 naming the store, and works again once the store is back', async () => {
    const store = new S3FileStore(s3.settings('unreachable/'));
    const hash = await store.put(Buffer.from('before the outage'));
    await s3.stop();
    try {
      const failure = await store.read(hash).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).httpStatus).toBe(503);
      expect((failure as AppError).message).toMatch(/^The file store s3:\/\/transferlab-test\/unreachable\/ cannot be reached \(.+\); try again shortly\.$/);
      await expect(store.put(chunked(randomBytes(1000)))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await s3.start();
    }
    expect((await readStoredBytes(store, hash)).toString()).toBe('before the outage');
  });
});
