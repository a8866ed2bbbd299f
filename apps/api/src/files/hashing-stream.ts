import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { badInput } from '../errors';

/** Passes bytes through while hashing them: a stream's sha256 is known once it ends, without holding it. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What an empty upload hashes to: how a streamed upload that carried nothing is recognised. */
export const EMPTY_SHA256 = sha256Of(new Uint8Array());

/** Refuses bytes that do not hash to what the caller said they would. */
export function checkExpectedHash(actual: string, expected: string | undefined): void {
  if (expected !== undefined && actual !== expected) {
    throw badInput(`The bytes' sha256 is ${actual}, not the expected ${expected}: nothing was stored.`, { reason: 'HASH_MISMATCH' });
  }
}
