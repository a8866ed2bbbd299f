import pLimit from 'p-limit';
import { rateLimited } from '../errors';
import { hashPassword, verifyPassword } from './password';

export const PASSWORD_HASH_DEFAULTS = { concurrency: 2, maxQueued: 32 } as const;

export interface PasswordHasherOptions {
  /** scrypt calls at once. Each holds a libuv thread, which file reads and uploads need too. */
  concurrency: number;
  /** Calls allowed to wait for a turn; more are refused at once rather than piling up. */
  maxQueued: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Hashes begun since start, and the most that ever ran at once. */
  readonly stats: { started: number; maxActive: number };
}

/**
 * Runs scrypt a few at a time behind a bounded queue, so a flood of sign-ins cannot take every
 * thread of libuv's pool (4 by default) from uploads and file reads, nor grow an unbounded backlog.
 */
export function createPasswordHasher({ concurrency, maxQueued }: PasswordHasherOptions): PasswordHasher {
  const limit = pLimit(concurrency);
  const stats = { started: 0, maxActive: 0 };
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    // Every call is either running or waiting, so this is exact however calls interleave.
    if (limit.activeCount + limit.pendingCount >= concurrency + maxQueued) {
      throw rateLimited(
        `The server is checking too many passwords at once (${maxQueued} waiting, the limit set by TRANSFERLAB_PASSWORD_HASH_QUEUE). Try again in a second.`,
        1,
        { limit: maxQueued },
      );
    }
    return limit(() => {
      stats.started += 1;
      stats.maxActive = Math.max(stats.maxActive, limit.activeCount);
      return work();
    });
  };
  return {
    hash: (password) => run(() => hashPassword(password)),
    verify: (password, stored) => run(() => verifyPassword(password, stored)),
    stats,
  };
}
